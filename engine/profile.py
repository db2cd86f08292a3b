"""Industry, role and sophistication detection (offline) and profile merging."""

from __future__ import annotations

import math
import re
from typing import Literal, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from engine.lexicon import ngrams, normalize, stem_phrase, stems, words

Industry = Literal[
    "fintech",
    "healthcare",
    "ecommerce",
    "education",
    "developer_tools",
    "real_estate",
    "logistics",
    "hr",
    "media_entertainment",
    "b2b_saas",
    "consumer",
    "other",
]
Role = Literal["technical", "business", "hybrid", "unknown"]
Sophistication = Literal["novice", "intermediate", "advanced", "expert"]

INDUSTRIES: tuple[Industry, ...] = (
    "fintech",
    "healthcare",
    "ecommerce",
    "education",
    "developer_tools",
    "real_estate",
    "logistics",
    "hr",
    "media_entertainment",
    "b2b_saas",
    "consumer",
    "other",
)


class ProfileReading(BaseModel):
    """What one message says about the person and their product."""

    model_config = ConfigDict(frozen=True)

    industry: Industry = "other"
    industry_confidence: float = Field(0.0, ge=0.0, le=1.0)
    role: Role = "unknown"
    role_confidence: float = Field(0.0, ge=0.0, le=1.0)
    sophistication: Sophistication = "intermediate"
    sophistication_score: float = Field(0.5, ge=0.0, le=1.0)
    sophistication_confidence: float = Field(0.0, ge=0.0, le=1.0)
    industry_correction: bool = False  # "we're in healthcare, not fintech"


class Profile(BaseModel):
    """The accumulated profile of a conversation, refined every turn."""

    model_config = ConfigDict(frozen=True)

    industry: Industry = "other"
    industry_confidence: float = Field(0.0, ge=0.0, le=1.0)
    industry_locked: bool = False  # set by an explicit correction; detection no longer moves it
    role: Role = "unknown"
    role_confidence: float = Field(0.0, ge=0.0, le=1.0)
    sophistication: Sophistication = "intermediate"
    sophistication_score: float = Field(0.5, ge=0.0, le=1.0)
    sophistication_confidence: float = Field(0.0, ge=0.0, le=1.0)
    sophistication_locked: bool = False  # set by an expertise signal
    observations: int = 0


_L = tuple[tuple[float, str], ...]
_K = TypeVar("_K", bound=str)

_INDUSTRY_TERMS: dict[Industry, _L] = {
    "fintech": (
        (
            3,
            "fintech bank banking neobank lending lender loan loans borrower credit_card debit_card"
            " payment_gateway remittance remittances crypto cryptocurrency bitcoin blockchain defi"
            " stablecoin investing investment investments investor stock_trading brokerage"
            " robo-advisor etf etfs budgeting bookkeeping general_ledger insurance insurtech"
            " underwriting underwrite credit_score credit_report credit_union credit_unions forex"
            " foreign_exchange money_transfer cap_table 409a bnpl buy_now_pay_later"
            " checking_account"
            " savings_account hedge_fund wealth_management retirement 401k financial finance aml"
            " fractional_shares trading_app tax_filing fx_fees neobanks payments_company"
            " card_transactions treasury cash_flow fraud_detection chargebacks chargeback"
            " ach sepa double-entry double_entry card_issuing payment_processing payment_rails"
            " money_movement wire_transfers interchange payouts",
        ),
        (
            2,
            "wallet portfolio stocks shares budget expense expenses reimbursement reimbursements"
            " accounting accountant accountants ledger reconcile reconciliation invoicing tax taxes"
            " payout payouts fraud kyc mortgage mortgages savings save_money money debt pension"
            " premium premiums claims transactions spending bills fund funds valuation valuations"
            " payments_platform merchant_account banks lend",
        ),
        (
            1,
            "payment payments invoice invoices card cards transfer fees credit spend fintechs"
            " escrow",
        ),
    ),
    "healthcare": (
        (
            3,
            "health healthcare medical patient patients doctor doctors physician physicians nurse"
            " nurses nursing clinic clinics clinical hospital hospitals therapy therapist"
            " therapists telehealth telemedicine ehr emr prescription prescriptions pharmacy"
            " pharmacist medication medications meds dental dentist dentists diagnosis symptoms"
            " caregiver caregivers home_care hospice mental_health radiology lab_results vitals"
            " diabetes diabetic cgm chronic_condition physio physiotherapy surgery surgical triage"
            " urgent_care vet vets veterinary veterinarian fhir hl7 prior_authorization medicare"
            " medicaid clinician clinicians care_team care_teams psychiatrist psychologist icu"
            " ob-gyn pediatric pediatrician cardiology oncology dermatology dose doses healthtech"
            "  medtech psychiatry psychiatric telepsychiatry teletherapy orthopedic blood"
            " blood_test health_records medical_records patient_care clinical_trial disease",
        ),
        (
            2,
            "care hipaa fertility pregnancy wellness elderly senior_care counseling counselor"
            " mental scans rehab recovery insurance_claims caregiving ward wards"
            " health_plan biotech",
        ),
        (1, "counselors appointment appointments booking_for wellbeing"),
    ),
    "ecommerce": (
        (
            3,
            "ecommerce e-commerce online_store online_shop online_shops storefront shopify"
            " woocommerce magento bigcommerce shopping shopper shoppers etsy d2c dtc"
            " direct_to_consumer product_catalog sku skus subscription_box upsell upsells"
            " cross-sell abandoned_cart add_to_cart shopping_cart product_page product_pages"
            " online_retailer online_retailers sell_online order_online resale secondhand"
            " marketplace_for_secondhand dropshipping t-shirt t-shirts print-on-demand merch"
            " flash_sale overstock price_comparison headless_commerce commerce deals_app",
        ),
        (
            2,
            "shop shops store stores cart checkout seller sellers sell selling retail retailer"
            " retailers catalog merchandise amazon ebay wholesale coupon coupons discount"
            " discounts promo fashion apparel clothing clothes sneakers jewelry skincare"
            " cosmetics product_reviews buyers purchase purchases orders brand brands"
            " products electronics deals",
        ),
        (
            1,
            "marketplace buyer buy order inventory returns refund refunds loyalty product"
            " grocery merchants",
        ),
    ),
    "education": (
        (
            3,
            "education educational edtech school schools student students teacher teachers"
            " classroom classrooms curriculum tutor tutors tutoring university universities"
            " homework lms e-learning elearning bootcamp bootcamps professor professors lecture"
            " lectures academic homeschool syllabus kindergarten elementary_school high_school"
            " high_schools pupil pupils learners phonics calculus flashcards flashcard"
            " language_learning online_course online_courses exam_prep teach teaching"
            " secondary_schools campus test_prep sat gre gmat lsat mcat gradebook report_cards",
        ),
        (
            2,
            "course courses lesson lessons learn learning college colleges assignment"
            " assignments grading exam exams quiz quizzes study studying math instructor"
            " instructors cohort cohorts timetabling kids_learn training_courses"
            " learning_platform school_district",
        ),
        (1, "class classes grade grades reading kids training skills certification"),
    ),
    "developer_tools": (
        (
            3,
            "developer developers devtools devtool sdk sdks cli ci ci/cd continuous_integration"
            " codebase code_review pull_request pull_requests github gitlab bitbucket git repo"
            " repos repository observability kubernetes k8s docker terraform devops ide vs_code"
            " vscode linter lint compiler debugger debugging error_tracking crash_reporting"
            " feature_flags feature_flag openapi swagger graphql secrets_management"
            " vulnerability_scanner frontend_devs backend_devs engineering_teams programmer"
            " programmers programming status_page status_pages flaky_tests service_catalog"
            " developer_portal preview_environments deploy deploys deployment deployments"
            " infra infrastructure serverless api_mocking logs_metrics apm sre on-call_engineers"
            " dev_teams dev_team code_editor source_code open_source",
        ),
        (
            2,
            "code coding devs dev logging tracing traces uptime mock"
            " mocking postgres database databases migrations schema pipeline pipelines"
            " testing tests builds python javascript typescript golang rust"
            " rest grpc environments staging cloud aws hosted engineers engineering",
        ),
        (
            1,
            "monitoring logs metrics alerts integration_tests container containers node java"
            " api apis webhook webhooks"
            " scripts automation",
        ),
    ),
    "real_estate": (
        (
            3,
            "house houses real_estate realtor realtors realty property properties landlord"
            " landlords tenant"
            " tenants renter renters apartment apartments home_buyer home_buyers homebuyer"
            " homebuyers homeowner homeowners housing mls open_house open_houses hoa condo"
            " condos co-living coliving short-term_rental short-term_rentals vacation_rental"
            " vacation_rentals property_management property_manager property_managers"
            " commercial_real_estate zillow home_valuation eviction rent_collection leasing"
            " real-estate brokerage_firm listing_agent house_hunting",
        ),
        (
            2,
            "rental rentals rent lease leases listing listings broker brokers"
            "  showing showings viewing viewings appraisal appraisals escrow closing_costs land"
            " agent agents"
            " plots office_building office_buildings residents maintenance_requests"
            " home_buying neighborhoods airbnb_hosts",
        ),
        (
            1,
            "mortgage mortgages home homes building buildings units rooms room construction"
            " neighborhood closing",
        ),
    ),
    "logistics": (
        (
            3,
            "logistics shipping shipment shipments shipper shippers freight trucking truck trucks"
            " fleet fleets delivery_drivers last-mile last_mile dispatch dispatcher courier"
            " couriers warehouse warehouses wms fulfillment_center 3pl supply_chain pallet pallets"
            "  customs_paperwork customs_clearance customs_broker customs_brokers cargo parcel"
            " parcels proof_of_delivery dock docks distribution_center"
            " distribution_centers cold_chain eld tms route_optimization carriers importers"
            " exporters drone_delivery moving_company movers container_yard in-transit"
            " freight_forwarding forwarders",
        ),
        (
            2,
            "delivery deliveries route routes routing driver drivers carrier fulfillment"
            " container containers port ports import export transit fedex ups dhl usps"
            " load_planning tracking_portal packages package",
        ),
        (1, "tracking inventory loads vehicles vehicle"),
    ),
    "hr": (
        (
            3,
            "hr human_resources hiring recruiting recruiter recruiters recruitment applicant"
            " applicants ats applicant_tracking candidates resume resumes cv cvs job_board"
            " job_boards payroll employee employees workforce offboarding performance_review"
            " performance_reviews 360_feedback pto time_off leave_approvals benefits_enrollment"
            " compensation salary salaries timesheet timesheets engagement_survey pulse_surveys"
            " people_ops people_team org_chart headcount talent internal_mobility open_roles"
            " reference_checks hr_teams employee_onboarding hire hires staffing",
        ),
        (
            2,
            "job jobs staff benefits candidate interviews contractors shift_scheduling"
            " team_members managers onboarding_checklists employer employers",
        ),
        (1, "onboarding leave shifts manager interview contractor freelancers"),
    ),
    "media_entertainment": (
        (
            3,
            "media entertainment streaming music musician musicians song songs playlist"
            " playlists album albums podcast podcasts audiobook audiobooks film films movie"
            " movies tv game games gaming gamer gamers esports concert concerts festival"
            " festivals comedy youtuber youtubers influencer influencers publishing publisher"
            " publishers newsletter newsletters magazine magazines journalism comic comics anime"
            " k-pop subtitle subtitles dubbing royalties royalty radio broadcast vod"
            " live_stream fiction mobile_game video_game tv_show tv_shows record_labels"
            " music_labels film_studios",
        ),
        (
            2,
            "stream streams video videos artist artists fan fans creator creators content"
            " venue venues ticketing tickets story stories sponsorship"
            " sponsorships writers novel books news show shows",
        ),
        (1, "audio label labels author authors watch listen studio studios"),
    ),
    "b2b_saas": (
        (
            3,
            "b2b saas crm crms salesforce hubspot project_management task_management"
            " marketing_automation lead_scoring helpdesk help_desk support_tickets"
            " customer_support customer_success shared_inbox knowledge_base okr okrs"
            " sales_team sales_teams sales_enablement field_service work_orders erp"
            " procurement vendor_management standups retros account_health"
            " booking_software scheduling_software b2b_software remote_teams",
        ),
        (
            2,
            "sales pipeline leads workspace collaboration agencies agency enterprise wiki"
            " internal vendors vendor meetings meeting slack notion jira dashboard dashboards"
            " kpi kpis clients client_portal ops_teams ops_team team_analytics call_recordings"
            " sales_calls salons spas hvac contracts contract manufacturing",
        ),
        (
            1,
            "team teams analytics reporting businesses business company companies smb smbs"
            " operations workflow workflows scheduling firms",
        ),
    ),
    "consumer": (
        (
            3,
            "consumer consumers social_network dating singles fitness workout workouts gym habit"
            " habits streak streaks journaling recipe recipes meal meals cooking fridge"
            " itinerary wedding weddings couples baby babies new_parents dog_lovers"
            " dog_walkers pet_owners photo_sharing book_club book_clubs meetups meetup"
            "  gardening hobby hobbies plant_care lifestyle diet nutrition birthday birthdays"
            " roommates"
            " chores personal_finance_app like_uber uber_for like_tinder like_instagram"
            " family families friends personal trip trips travel meditation yoga pilates"
            " crossfit spin_classes dance_classes",
        ),
        (
            2,
            "social mood journal sleep running runners plant plants dog dogs cat cats pets"
            " pet photos neighbors community events_discovery gift gifts lend borrow"
            " personal_crm vacation",
        ),
        (1, "parents kids events people chat messaging"),
    ),
    "other": (
        (
            3,
            "farm farms farmer farmers farming agriculture agtech crop crops livestock ranch"
            " ranchers rancher irrigation vineyard vineyards harvest soil climate carbon"
            " emissions sustainability solar renewable renewables ev_charging charging_station"
            " legal lawyer lawyers law_firm law_firms attorney attorneys litigation"
            " e-discovery ediscovery paralegal paralegals court courts immigration"
            "  government municipal municipality municipalities citizen citizens public_sector"
            " permit permits 311 pothole"
            " potholes nonprofit nonprofits non-profit non-profits charity charities donor"
            " donors donation donations fundraising volunteer volunteers ngo ngos church"
            " churches mosque mosques synagogue congregation grant grants wildfire wildfires"
            " research_lab research_labs legaltech govtech climatetech cleantech"
            " environmental recycling waste energy utilities utility mining oil_and_gas",
        ),
        (
            2,
            "city cities council research researchers scientists lab labs weather disaster"
            " food_bank contract_review case_management water grid",
        ),
        (1, "rural community_groups"),
    ),
}

_ROLE_TERMS: dict[Role, _L] = {
    "technical": (
        (
            3,
            "i'm_an_engineer i_am_an_engineer i'm_a_developer i'm_a_dev cto i'm_technical"
            " software_engineer staff_engineer senior_engineer principal_engineer"
            " engineering_manager architect i_code i_wrote tech_lead devops_engineer sre"
            " full-stack fullstack backend_engineer frontend_engineer data_engineer",
        ),
        (
            1,
            "engineer engineers developer developers our_stack backend frontend api apis"
            " database deploy repo schema latency",
        ),
    ),
    "business": (
        (
            3,
            "ceo coo cmo cro i'm_in_sales head_of_sales head_of_marketing business_owner"
            " i_run_a i_own_a small_business_owner non-technical not_technical not_techy"
            " not_a_tech_person operations_manager",
        ),
        (
            1,
            "revenue customers market go-to-market pricing roi investors fundraising margin"
            " margins sales marketing growth business profit churn acquisition",
        ),
    ),
    "hybrid": (
        (
            3,
            "product_manager product_owner technical_founder solo_founder cpo"
            " head_of_product pm_with i'm_a_pm",
        ),
    ),
}

_EXPERT_TERMS: _L = (
    (
        2,
        "idempotent idempotency p99 p95 p50 latency throughput rps qps tps sla slo slos sli"
        " error_budget error_budgets soc_2 soc2 type_ii iso_27001 baa phi pii kms cmk cmks"
        " encryption_at_rest mtls oauth oauth2 oidc pkce saml scim jwt jwts rbac abac opa"
        " multi-tenant row-level_security rls shard sharding sharded consistent_hashing"
        " partition partitions read_replicas replica replicas replication postgres postgresql"
        " mysql redis kafka rabbitmq sqs kinesis event-sourced event_sourcing cqrs outbox"
        " exactly-once at-least-once dedupe backpressure websocket websockets pub/sub grpc"
        " graphql federation subgraphs dataloader eks gke kubernetes k8s istio service_mesh"
        " helm terraform argocd gitops vault ci/cd canary blue-green feature_flags autoscaling"
        " circuit_breakers circuit_breaker queue_depth crdt crdts fhir hl7 hl7v2 adt pci_dss"
        " tokenization vpc iso_20022 mt940 double-entry rag pgvector embeddings embedding bm25"
        " eval_harness snowflake fivetran dbt reverse_etl etl cdc react_native typescript ota"
        " cdn edge_caching stale-while-revalidate expand/contract zero-downtime dsar"
        " data_residency dpa dpas subprocessors vanta opentelemetry honeycomb datadog"
        " object_lock lambda serverless microservices monolith orm openapi docker nginx"
        " load_balancer rate_limiting ttl refresh_token hot-partition hot_partition debounced"
        " fanout audit_logs persisted_queries eventual_consistency acid transactional"
        " materialized_views indexes schema_migrations webhooks idempotency_keys"
        " horizontal_scaling",
    ),
    (
        1,
        "ledger reconciliation tenant tenants sso migrations schema cache caching sdk cli"
        " s3 aws gcp azure encryption tls gdpr hipaa api_gateway rest_api vector llm"
        " async queue queues",
    ),
)

_INTERMEDIATE_TERMS: _L = (
    (
        0.5,
        "api apis database backend frontend server servers cloud login auth integration"
        " integrations mobile_app ios android react web_app saas mvp analytics dashboard"
        " stripe notifications push_notifications app_store wireframes figma users_table"
        " admin_panel sign-in",
    ),
)

_NOVICE_PHRASES = re.compile(
    r"\b(?:not sure how|not techy|not a tech(?:ie| person| guy| girl)?"
    r"|not (?:very |that )?technical"
    r"|non-?technical|whatever that means|i guess|somehow|no idea how|(?:don't|dont|do not) "
    r"(?:really )?know (?:what|how|the words)|what'?s an?|what is an?|never (?:built|made|done)"
    r"|first (?:app|startup|business|time)|like (?:uber|airbnb|facebook|instagram|tinder|amazon"
    r"|netflix|tiktok|whatsapp)\b|my (?:nephew|niece|son|daughter|friend) (?:said|says|told)"
    r"|the computer|on the phone|the internet|cool|stuff|basically|easy|simple|i think"
    r"|i'm not (?:a )?(?:coder|programmer|developer)|i (?:don't|dont) (?:get|understand)"
    r"|i heard|nothing fancy|not (?:good|great) with (?:computers|tech|technology)"
    r"|no clue how|confus\w*)"
)
_NUMBER_UNIT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:ms|rps|qps|tps|gb|tb|mb)\b|\bp\d{2}\b")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,5}\b")
_NEGATED = re.compile(
    r"\b(?:not|isn't|isnt|aren't|arent|no longer|instead of|rather than)\b(?P<span>.*?)"
    r"(?=[,.;:!?()]|\s[—–-]\s|\bbut\b|\bit's\b|\bit is\b|\bwe're\b|\bwe are\b|$)"
)
_CORRECTION_CUE = re.compile(
    r"\b(?:actually|correction|i meant|to clarify|sorry|oops|my bad|my mistake|scratch that"
    r"|i misspoke|wait)\b"
)
_SELF_DESCRIPTION = re.compile(
    r"\b(?:this|it|we|our (?:product|app|company|startup|business|platform|idea))"
    r"\s*(?:is|'s|are|'re|will be)\b(?P<rest>.*)"
)
_PLAIN_WORDS_FOR_NOVICE = 5
_MIN_CORRECTION_SCORE = 2.0


def _index(table: _L) -> dict[str, float]:
    index: dict[str, float] = {}
    for weight, blob in table:
        for term in blob.split():
            key = stem_phrase(term.replace("_", " "))
            index[key] = max(index.get(key, 0.0), float(weight))
    return index


def _index_labels(tables: dict[_K, _L]) -> dict[str, list[tuple[_K, float]]]:
    index: dict[str, list[tuple[_K, float]]] = {}
    for label, table in tables.items():
        for key, weight in _index(table).items():
            index.setdefault(key, []).append((label, weight))
    return index


_INDUSTRY_INDEX = _index_labels(_INDUSTRY_TERMS)
_ROLE_INDEX = _index_labels(_ROLE_TERMS)
_EXPERT_INDEX = _index(_EXPERT_TERMS)
_INTERMEDIATE_INDEX = _index(_INTERMEDIATE_TERMS)
_TIE_RANK: dict[str, int] = {name: -i for i, name in enumerate(INDUSTRIES)}


class IndustryCorrection(NamedTuple):
    """An explicit industry correction: the industry now stated and the one rejected, if any."""

    industry: Industry
    value: str
    previous: str | None


class _Split(NamedTuple):
    affirmed: str
    negated: tuple[str, ...]


def _split_negations(normalized: str) -> _Split:
    spans = tuple(m.group("span") for m in _NEGATED.finditer(normalized))
    affirmed = _NEGATED.sub(lambda m: " " * len(m.group(0)), normalized)
    return _Split(affirmed, spans)


def _score(index: dict[str, list[tuple[_K, float]]], normalized: str) -> dict[_K, float]:
    scores: dict[_K, float] = {}
    for gram in ngrams(stems(normalized)):
        for label, weight in index.get(gram, ()):
            scores[label] = scores.get(label, 0.0) + weight
    return scores


def _weight(index: dict[str, float], normalized: str) -> float:
    return sum(index.get(gram, 0.0) for gram in ngrams(stems(normalized)))


def _best_industry(scores: dict[Industry, float]) -> tuple[Industry, float, float]:
    if not scores:
        return "other", 0.0, 0.0
    ranked = sorted(scores.items(), key=lambda kv: (kv[1], _TIE_RANK[kv[0]]), reverse=True)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][0], ranked[0][1], runner_up


def _confidence(top: float, runner_up: float, scale: float = 4.0) -> float:
    if top <= 0:
        return 0.0
    strength = 1.0 - math.exp(-top / scale)
    return round(min(1.0, strength * (0.4 + 0.6 * (top - runner_up) / top)), 4)


def industry_scores(text: str) -> dict[Industry, float]:
    """Evidence for each industry in `text`, ignoring negated phrases ("not fintech")."""
    return _score(_INDUSTRY_INDEX, _split_negations(normalize(text)).affirmed)


def find_industry_correction(text: str) -> IndustryCorrection | None:
    """The industry a message explicitly corrects to, e.g. "we're in healthcare, not fintech"."""
    normalized = normalize(text)
    split = _split_negations(normalized)
    affirmed, top, _ = _best_industry(_score(_INDUSTRY_INDEX, split.affirmed))
    if top < _MIN_CORRECTION_SCORE:
        return None
    rejected = _rejected_industry(split.negated)
    if rejected is not None and rejected[0] != affirmed:
        return IndustryCorrection(affirmed, _affirmed_phrase(text, split.affirmed), rejected[1])
    if rejected is not None:  # "for landlords, not tenants": a contrast inside one industry
        return None
    if _CORRECTION_CUE.search(normalized) is None:
        return None
    described = _SELF_DESCRIPTION.search(split.affirmed)
    if described is None:
        return None
    tail = described.group("rest")
    tail_best, tail_top, _ = _best_industry(_score(_INDUSTRY_INDEX, tail))
    if tail_best != affirmed or tail_top < _MIN_CORRECTION_SCORE:
        return None
    start = described.start("rest")
    return IndustryCorrection(affirmed, _clean_phrase(text[start : start + len(tail)]), None)


def _rejected_industry(spans: tuple[str, ...]) -> tuple[Industry, str] | None:
    for span in spans:
        best, top, _ = _best_industry(_score(_INDUSTRY_INDEX, span))
        if top >= _MIN_CORRECTION_SCORE:
            return best, _clean_phrase(span)
    return None


_LEAD_FILLER = re.compile(
    r"^(?:(?:actually|no|wait|sorry|correction|so|well|we're|we are|it's|it is|this is|in"
    r"|for|an?|the|just)\b[\s,:-]*)+"
)
_TRAIL_FILLER = re.compile(r"[\s,.;:!?—–-]+$")


def _clean_phrase(phrase: str) -> str:
    stripped = phrase.strip(" \t\n,.;:!?—–-\"'")
    without_lead = _LEAD_FILLER.sub("", stripped.lower())
    cut = len(stripped) - len(without_lead)
    return _TRAIL_FILLER.sub("", stripped[cut:]).strip()


def _affirmed_phrase(text: str, affirmed: str) -> str:
    clauses = [c for c in re.split(r"[,.;:!?—–]|\s-\s", affirmed) if _score(_INDUSTRY_INDEX, c)]
    if not clauses:
        return ""
    clause = clauses[0]
    start = affirmed.find(clause)
    return _clean_phrase(text[start : start + len(clause)])


def _read_industry(text: str) -> tuple[Industry, float, bool]:
    correction = find_industry_correction(text)
    if correction is not None:
        return correction.industry, 1.0, True
    best, top, runner_up = _best_industry(industry_scores(text))
    return best, _confidence(top, runner_up), False


def _read_role(normalized: str, expert_weight: float) -> tuple[Role, float]:
    scores: dict[Role, float] = _score(_ROLE_INDEX, normalized)
    technical = scores.get("technical", 0.0) + expert_weight / 4
    business = scores.get("business", 0.0)
    hybrid = scores.get("hybrid", 0.0)
    if hybrid >= 3 or (technical >= 2 and business >= 2):
        return "hybrid", _confidence(hybrid + min(technical, business), 0.0)
    if technical == business:
        return "unknown", 0.0
    role: Role = "technical" if technical > business else "business"
    return role, _confidence(max(technical, business), min(technical, business))


def _level(score: float) -> Sophistication:
    if score < 0.35:
        return "novice"
    if score < 0.6:
        return "intermediate"
    if score < 0.8:
        return "advanced"
    return "expert"


def _expert_weight(text: str, normalized: str) -> float:
    acronyms = min(1.0, 0.3 * len(_ACRONYM.findall(text[:4000])))
    units = 2.0 * len(_NUMBER_UNIT.findall(normalized))
    return _weight(_EXPERT_INDEX, normalized) + units + acronyms


def _read_sophistication(text: str, normalized: str, expert: float) -> tuple[float, float]:
    intermediate = _weight(_INTERMEDIATE_INDEX, normalized)
    novice = 1.5 * len(_NOVICE_PHRASES.findall(normalized))
    evidence = expert + intermediate + novice
    if evidence == 0:
        if len(words(normalized)) < _PLAIN_WORDS_FOR_NOVICE:
            return 0.5, 0.0
        novice = evidence = 0.4  # plain words lean novice, but stay intermediate
    score = 1.0 / (1.0 + math.exp(-0.8 * (expert + intermediate - novice)))
    return round(score, 4), round(1.0 - math.exp(-evidence / 3), 4)


def read_profile(text: str) -> ProfileReading:
    """Read industry, role and sophistication from one message, with confidences in [0, 1]."""
    normalized = normalize(text)
    industry, industry_confidence, corrected = _read_industry(text)
    expert = _expert_weight(text, normalized)
    role, role_confidence = _read_role(normalized, expert)
    score, confidence = _read_sophistication(text, normalized, expert)
    return ProfileReading(
        industry=industry,
        industry_confidence=industry_confidence,
        role=role,
        role_confidence=role_confidence,
        sophistication=_level(score),
        sophistication_score=score,
        sophistication_confidence=confidence,
        industry_correction=corrected,
    )


_AGREE_GAIN = 0.6
_OPPOSE_PULL = 0.6
_SOPHISTICATION_INERTIA = 3.0


def _tug(current: _K, strength: float, reading: _K, evidence: float) -> tuple[_K, float]:
    """One step of a confidence-weighted vote between the current leader and a new reading."""
    if evidence <= 0:
        return current, strength
    if strength <= 0 or reading == current:
        return reading, round(1.0 - (1.0 - strength) * (1.0 - evidence * _AGREE_GAIN), 4)
    remaining = strength - evidence * _OPPOSE_PULL
    if remaining > 0:
        return current, round(remaining, 4)
    return reading, round(max(-remaining, evidence * 0.5), 4)


def _merge_industry(current: Profile, reading: ProfileReading) -> dict[str, object]:
    if reading.industry_correction:
        return {"industry": reading.industry, "industry_confidence": 1.0, "industry_locked": True}
    if current.industry_locked:
        return {}
    industry, confidence = _tug(
        current.industry,
        current.industry_confidence,
        reading.industry,
        reading.industry_confidence,
    )
    return {"industry": industry, "industry_confidence": confidence}


def _merge_role(current: Profile, reading: ProfileReading) -> dict[str, object]:
    pair = {current.role, reading.role}
    strong = min(current.role_confidence, reading.role_confidence) >= 0.4
    if pair == {"technical", "business"} and strong:
        return {"role": "hybrid", "role_confidence": min(current.role_confidence, 0.8)}
    if current.role == "unknown":
        return {"role": reading.role, "role_confidence": reading.role_confidence}
    role, confidence = _tug(
        current.role, current.role_confidence, reading.role, reading.role_confidence
    )
    return {"role": role, "role_confidence": confidence}


def _merge_sophistication(current: Profile, reading: ProfileReading) -> dict[str, object]:
    evidence = reading.sophistication_confidence
    if current.sophistication_locked or evidence <= 0:
        return {}
    inertia = current.sophistication_confidence * _SOPHISTICATION_INERTIA
    score = (current.sophistication_score * inertia + reading.sophistication_score * evidence) / (
        inertia + evidence
    )
    confidence = 1.0 - (1.0 - current.sophistication_confidence) * (1.0 - evidence * 0.5)
    return {
        "sophistication": _level(score),
        "sophistication_score": round(score, 4),
        "sophistication_confidence": round(confidence, 4),
    }


def merge_profile(current: Profile, reading: ProfileReading) -> Profile:
    """Fold one message's reading into the profile; locked fields only move on explicit cues."""
    update: dict[str, object] = {"observations": current.observations + 1}
    update |= _merge_industry(current, reading)
    if reading.role != "unknown" and reading.role_confidence > 0:
        update |= _merge_role(current, reading)
    update |= _merge_sophistication(current, reading)
    return current.model_copy(update=update)


def lock_expert(current: Profile) -> Profile:
    """Mark the person as a self-declared expert ("I'm an engineer, skip the basics")."""
    update: dict[str, object] = {
        "sophistication": "expert",
        "sophistication_score": max(current.sophistication_score, 0.95),
        "sophistication_confidence": max(current.sophistication_confidence, 0.9),
        "sophistication_locked": True,
    }
    if current.role == "unknown":
        update |= {"role": "technical", "role_confidence": max(current.role_confidence, 0.6)}
    return current.model_copy(update=update)
