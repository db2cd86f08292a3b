"""Industry, role and sophistication detection (offline) and profile merging."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import NamedTuple, TypeVar, get_args

from engine import industry_model
from engine.lexicon import ngrams, normalize, stem, stem_phrase, stems, words
from engine.types import Industry, Profile, ProfileReading, Role, Sophistication

INDUSTRIES: tuple[Industry, ...] = get_args(Industry)  # one list: the Literal in engine.types


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
            "wallet portfolio stock_market stock_portfolio buy_stocks buy_shares stock_shares"
            " budget expense expenses reimbursement"
            " reimbursements"
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
            "hipaa fertility pregnancy wellness elderly senior_care counseling counselor"
            " mental scans rehab recovery insurance_claims caregiving ward wards"
            " health_plan biotech",
        ),
        (1, "care counselors appointment appointments booking_for wellbeing"),
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
            " vulnerability_scanner backend_teams backend_team queue_service message_queue"
            " exactly-once frontend_devs backend_devs engineering_teams programmer"
            " programmers programming_language programming_languages status_page status_pages"
            " flaky_tests service_catalog"
            " developer_portal preview_environments deploy deploys deployment deployments"
            " infra infrastructure serverless api_mocking logs_metrics apm sre on-call_engineers"
            " dev_teams dev_team code_editor source_code open_source",
        ),
        (
            2,
            "code coding devs dev logging tracing traces uptime mock sales_leads lead_gen"
            " mocking postgres database databases migrations schema pipeline pipelines"
            " ci_builds build_pipeline python javascript typescript golang rust"
            " rest grpc environments staging cloud aws engineers engineering",
        ),
        (
            1,
            "testing tests hosted monitoring logs metrics alerts integration_tests container"
            " containers node java"
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
            "rental rentals rent lease leases property_listing property_listings"
            " rental_listings home_listings broker brokers property_viewings appraisal appraisals"
            " escrow closing_costs land"
            " agent agents"
            " plots office_building office_buildings residents maintenance_requests"
            " home_buying neighborhoods airbnb_hosts",
        ),
        (
            1,
            "mortgage mortgages home homes apartment_building office_building units rooms room"
            " construction"
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
            " venue venues ticketing tickets story stories sponsorship ebooks ebook novels"
            " sponsorships writers novel news tv_series",
        ),
        (1, "audio label labels author authors watch listen studio studios show shows book_lovers"),
    ),
    "b2b_saas": (
        (
            3,
            "b2b saas crm crms salesforce hubspot project_management task_management"
            " marketing_automation lead_scoring helpdesk help_desk support_tickets"
            " customer_support customer_success shared_inbox knowledge_base okr okrs"
            " sales_team sales_teams sales_enablement field_service work_orders erp"
            " procurement vendor_management standups retros account_health"
            " b2b_software remote_teams",
        ),
        (
            2,
            "booking_software scheduling_software sales pipeline workspace collaboration agencies"
            " agency enterprise wiki"
            " internal vendors vendor meetings meeting slack notion jira dashboard dashboards"
            " kpi kpis clients client_portal ops_teams ops_team team_analytics call_recordings"
            " sales_calls salons spas hvac contracts contract manufacturing",
        ),
        (
            1,
            "leads team teams analytics reporting businesses business company companies smb smbs"
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
            " meditation yoga pilates crossfit spin_classes dance_classes",
        ),
        (
            2,
            "family families friends personal trip trips travel"
            " social mood journal sleep running_app running_plan runners plant plants dog dogs cat"
            " cats pets"
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

# Broader families per industry: synonyms, morphological variants, jargon people use in
# passing, and well-known products used as analogies ("zocdoc for therapists").
_INDUSTRY_FAMILIES: dict[Industry, _L] = {
    "fintech": (
        (
            3,
            "payroll_advance earned_wage_access ewa payday paycheck paychecks cash_advance"
            " stablecoins settlement settlements swift_fees swift iban fx cross-border_payments"
            " cross-border_payouts spend_management spend_mgmt corporate_card corporate_cards"
            " expense_management expense_reports receipts roundup round-up round_up spare_change"
            " index_fund index_funds micro-investing robo_advisor 529 ira roth brokerage_account"
            " insurtech embedded_insurance travel_insurance policyholder policyholders deductible"
            " deductibles claims_processing actuarial payment_links invoice_factoring factoring"
            " accounts_payable accounts_receivable ap_automation ar_automation dunning"
            " bill_pay bill_splitting split_bills splitting_bills split_the_bill credit_builder"
            " credit_scores credit_limit overdraft apr apy interest_rate interest_rates"
            " loan_officer"
            " underwriters microloans microfinance peer-to-peer_lending p2p_payments crowdfunding"
            " equity_crowdfunding angel_investors venture_debt revenue-based_financing"
            " tax_prep tax_return tax_returns 1099 w-2 irs vat_returns bookkeeper bookkeepers"
            " cfo cfos fp&a financial_planning financial_advisor financial_advisors wealth"
            " crypto_wallet exchange_rates remit remitting digital_wallet e-wallet apple_pay"
            " venmo paypal zelle cash_app revolut monzo chime brex ramp stripe plaid robinhood"
            " coinbase klarna affirm afterpay quickbooks xero mint ynab wise transferwise"
            " turbotax splitwise who_owes_what iou ious multiple_currencies multi-currency"
            " credit_karma nerdwallet acorns betterment wealthfront build_credit"
            " credit_building credit_history credit_builder_loan debit_cards prepaid_card"
            " allowance pocket_money top_up",
        ),
        (
            2,
            "settle settles settling rails payday_loans withdraw withdrawal withdrawals deposit"
            " deposits usd eur stablecoin_rails coverage premiums_paid refinance refinancing"
            " installments installment pay_later splitting split_rent billing invoice_payments"
            " cashback rewards_card net_worth paid_out get_paid payments_app money_app",
        ),
    ),
    "healthcare": (
        (
            3,
            "soap_note soap_notes scribe medical_scribe clinical_notes clinical_charting"
            " patient_charts"
            " patient_intake surgeon surgeons post-op post-surgery wound wounds wound_care"
            " pain_scores orthopedics cardiologist oncologist"
            " intake_forms prior_auth referrals referral_management care_coordination"
            " audiologist audiologists audiology hearing_aids hearing_aid optometrist"
            " optometrists ophthalmology chiropractor chiropractors podiatrist dietitian"
            " dietitians nutritionist speech_therapy occupational_therapy physical_therapy"
            " physical_therapist pt_clinic massage_therapists midwife midwives doula doulas"
            " postpartum prenatal ivf menopause phq-9 gad-7 depression anxiety ptsd adhd autism"
            " addiction sobriety substance_use rehab_center behavioral_health wearable_ecg"
            " glucose insulin blood_pressure hypertension asthma copd dementia alzheimer's"
            " parkinson's stroke cancer chemo chemotherapy dialysis kidney cardiac heart_rate"
            " remote_patient_monitoring rpm epic cerner athenahealth zocdoc one_medical teladoc"
            " practice_management medical_billing medical_coding icd-10 cpt_codes claims_denials"
            " nursing_home nursing_homes assisted_living long-term_care home_health"
            " hospitalist er emergency_room ambulance paramedics ems pharmacies pharma"
            " drug_interactions pill pills refills vaccine vaccines vaccination immunization"
            " lab_tests labs_results bloodwork mri x-ray x-rays ultrasound pathology"
            " orthodontist orthodontics dental_practice dental_clinics dermatologist"
            " insurance_verification eligibility_checks visit_notes patient_portal"
            " medical_devices symptom_checker general_practitioner general_practitioners"
            " gp_practice gp_practices locum_gps eye_test eye_tests eyesight vision_test"
            " urgent_care_clinics speech_therapist physiotherapist physiotherapists"
            " physical_therapists therapy_practice therapy_practices dental_office dental_offices"
            " dosing dosage dosing_errors overdose pills_reminder take_their_pills"
            " heart_failure smart_scale",
        ),
        (
            2,
            "visit visits provider providers practice practices doc docs intake wellness_app"
            " therapy_sessions sessions_with_a_therapist hearing vision eye_exam injury"
            " injuries healing health_insurance clinic_staff",
        ),
    ),
    "ecommerce": (
        (
            3,
            "storefronts store_builder online_ordering preorder preorders pre-order pre-orders"
            " click_and_collect curbside_pickup product_listings listings_sync"
            " multichannel omnichannel marketplace_sellers amazon_sellers etsy_sellers"
            " shopify_stores shopify_apps shopify_merchants returns_portal size_guide"
            " virtual_try-on try-on wishlist wishlists gift_cards subscribe_and_save"
            " restock back_in_stock out_of_stock replenish_inventory product_feed"
            " conversion_rate aov average_order_value checkout_conversion cart_abandonment"
            " resell reselling resellers thrift thrifting vintage_clothing consignment"
            " secondhand_marketplace peer-to-peer_marketplace"
            " live_shopping social_commerce affiliate affiliates influencer_marketing"
            " ugc_reviews klaviyo bigcartel squarespace_commerce depop poshmark vinted"
            " stockx grailed mercari wayfair temu shein aliexpress alibaba",
        ),
        (
            2,
            "vendors_sell buy_online order_ahead pickup"
            " textbook textbooks furniture groceries sneaker handmade crafts makers"
            " boutique boutiques brick-and-mortar shoppable goods refurbished warranty"
            " personal_styling stylist stylists styling coupon_codes promo_codes specialty_coffee"
            " coffee_subscription veg_box veg_boxes"
            " farm_box farm_boxes farm-to-table ordering_portal wholesale_ordering reorder_from",
        ),
    ),
    "education": (
        (
            3,
            "nclex usmle bar_exam cpa_exam board_exam question_bank practice_questions"
            " practice_tests test_takers exam_questions spaced_repetition k-12 k-8 k12"
            " middle_school preschool preschools daycare nursery_school elementary"
            " parent-teacher parent_teacher teacher-parent school_admin school_admins principal"
            " principals classmates reading_practice read_aloud reading_skills literacy"
            " numeracy math_practice tutoring_sessions tutor_marketplace online_tutoring"
            " mooc moocs cohort-based cohort-based_courses upskilling reskilling mentorship"
            " career_change career_changers edu instructional_design course_creators"
            " course_builder learning_management student_loans_advice school_bus"
            " sign_language language_exchange vocabulary grammar pronunciation"
            " duolingo khan_academy coursera udemy quizlet chegg canvas blackboard moodle"
            " google_classroom masterclass skillshare brilliant college_applicants"
            " college_applications admissions_essays essay essays college_essays"
            " virtual_labs science_class lesson_plans lesson_planning attendance_tracker",
        ),
        (
            2,
            "practice_reading learn_to learn_how study_group study_groups revision"
            " learn_to_code learning_to_code spelling dyslexia dyslexic gcse gcses a-levels"
            " parent_evenings parents_evening"
            " fluency esl conversation_practice speaking_practice language_partners"
            " language_learners learning_japanese learning_spanish learning_french"
            " learning_english learning_german learning_mandarin learning_korean"
            " learning_chinese learning_italian learn_japanese learn_spanish learn_french"
            " learn_english learn_german learn_mandarin learn_korean learn_a_language"
            " semester semesters graduates alumni enrolment enrollment admissions"
            " scholarship scholarships degree degrees diploma certificate certificates"
            " kids_practice children_learn textbooks_for_class music_theory music_lessons"
            " guitar_lessons piano_lessons ear_training drills driving_instructor"
            " driving_instructors driving_lessons lecturers lecturer plagiarism workshops"
            " maths math_games",
        ),
    ),
    "developer_tools": (
        (
            3,
            "symbolication stack_traces stack_trace crash_reports crashes exceptions"
            " terminal terminals shell repro repros reproducible_builds log_search log_management"
            " columnar query_engine sql_editor notebooks jupyter api_gateway"
            " api_docs documentation_generator sdk_generation code_generation codegen"
            " copilot autocomplete_for_code code_search refactoring test_coverage unit_tests"
            " e2e_tests end-to-end_tests load_testing fuzzing profiler profiling"
            " performance_monitoring incident incidents incident_management postmortems"
            " pagerduty on-call oncall runbooks alerting_rules dashboards_for_engineers"
            " build_times build_cache monorepo monorepos merge_queue code_owners"
            " dependency_updates dependencies package_manager npm pypi containers_registry"
            " sentry datadog grafana vercel netlify heroku postman jenkins circleci"
            " github_actions stack_overflow linear_for_engineering cursor replit",
        ),
        (
            2,
            "teammates_share session_recording cli_tool engineers_debug developers_debug"
            " query queries s3 bucket buckets latency_monitoring endpoints endpoint",
        ),
    ),
    "real_estate": (
        (
            3,
            "brokerage brokerages lockbox lockboxes home_tour home_tours property_tours"
            " showing_scheduler schedule_showings book_showings open-house pre-approval"
            " preapproval closing_day first-time_buyers first-time_homebuyers home_inspection"
            " home_inspector home_inspectors inspection_report appraiser appraisers comps"
            " sqft square_footage flex_office coworking co-working coworking_space desk_booking"
            " hot_desks office_space commercial_space co-ownership fractional_ownership"
            " vacation_home second_home timeshare timeshares student_housing dorm dorms"
            " sublet sublets subletting sublease roommate_matching airbnb_host airbnb_hosts"
            " str_hosts short-term_rentals guest_messaging nightly_pricing cleaners_turnover"
            " rent_roll rent_payments lease_renewals security_deposit move-in move-out"
            " home_improvement renovation renovations contractors_bids remodel remodeling"
            " zillow redfin trulia realtor.com compass opendoor airbnb vrbo off-market"
            " listing_site homes_for_sale for_sale_by_owner fsbo zoning land_parcel land_parcels"
            " flood_maps plots_of_land holiday_lets holiday_let letting_agent letting_agents"
            " spare_room spare_rooms property_inspections",
        ),
        (
            2,
            "buyers_agent sellers_agent home_buyers_and_sellers homeownership residential"
            " multifamily single-family duplex townhouse occupancy vacancy vacancies"
            " estate_agents letting_agents landlord_and_tenant neighbourhood neighbourhoods"
            " commute relocating relocation move_house moving_house storage_unit"
            " storage_units self-storage parking_spaces parking_spot parking_spots",
        ),
    ),
    "logistics": (
        (
            3,
            "demand_forecasting replenishment distributors distributor wholesaler_inventory"
            " inventory_management stock_levels overstocking overstock stockouts"
            " bill_of_lading bol freight_brokers freight_broker load_board loads_board"
            " drayage ltl ftl intermodal reefer yard_management dock_scheduling"
            " pick_and_pack picking packing_slips warehouse_staff forklift forklifts"
            " delivery_routes route_planning dispatching fleet_management telematics"
            " gps_tracking shipment_tracking container_tracking ocean_freight air_freight"
            " customs_declarations tariffs hs_codes incoterms shippers_and_carriers"
            " flexport convoy project44 samsara eta etas live_eta truck_owners owner-operators"
            " hauling haulage"
            " hauliers loads_that slotting pickers pick_paths cross-dock crossdock"
            " shipping_rates rate_shopping same-day_deliveries",
        ),
        (
            2,
            "couriers_and carriers_and trucking_companies trucks_and shipping_labels labels_for"
            " supplier suppliers ship_dates purchase_orders production_status refrigerated"
            " tow_trucks dock_appointments collection_routes"
            " sku_level reorder reorders",
        ),
    ),
    "hr": (
        (
            3,
            "sourcing talent_sourcing outreach_to_candidates candidate_outreach referral"
            " referrals employee_referral referral_bonus referral_program onboarding_new_hires"
            " new_hires new_hire compliance_training harassment_training mandatory_training"
            " training_tracker certifications_tracking expiring_certifications workforce_training"
            " l&d learning_and_development employee_engagement employee_experience retention"
            " turnover attrition 1:1s one-on-ones performance_management pay_equity"
            " benefits_administration hris hcm pto_requests leave_requests time-off_requests"
            " vacation_requests direct_reports performance_goals"
            " scheduling_hourly hourly_workers hourly_staff deskless frontline_workers"
            " background_checks background_check interview_scheduling job_postings job_posting"
            " job_description job_descriptions hiring_managers talent_acquisition ta_teams"
            " gusto rippling workday bamboohr greenhouse lever deel remote_hiring eor"
            " employer_of_record contractors_payments freelancer_payments extra_shifts"
            " pick_up_shifts per_diem_shifts locum locums staffing_agency staffing_agencies"
            " compensation_benchmarking salary_benchmarking pay_bands anonymous_feedback"
            " job_matching skills-based_hiring culture_survey company_culture visa_sponsorship"
            " job_ads job_ad",
        ),
        (
            2,
            "cert certs recruit recruits hiring_pipeline bonuses bonus_status team_morale"
            " shift_swapping shift_swap rota rotas rostering goal_tracking"
            " employees_refer coworkers colleagues workplace",
        ),
    ),
    "media_entertainment": (
        (
            3,
            "horror indie_films filmmakers filmmaker cinema documentaries documentary"
            " ad_insertion podcasters podcaster narrator narrators narration audio_drama"
            " dj djs beat beats beatmakers producers_music sample_library samples_pack"
            " sync_licensing licensing_songs music_tracks new_tracks track_release exclusive_tracks"
            " lineup set_times setlist gig gigs tour_dates mixtape"
            " comedy_clubs stand-up standup_comedy improv theater theatre broadway"
            " esports_tournaments tournament tournaments brackets twitch twitch_streamers"
            " streamer streamers stream_overlays overlays clips captions auto-captions"
            " video_editor video_editing editing_videos short-form long-form reels"
            " tiktok_creators creator_economy patreon onlyfans substack paywall paywalls"
            " readers chapters chapter episodes episode series showrunner screenwriters"
            " screenplay manga webtoon webtoons panels trivia quiz_show game_show"
            " spotify netflix youtube hulu disney audible soundcloud bandcamp steam"
            " roblox minecraft fortnite unity_game indie_game game_studio game_studios"
            " studios_and gameplay players multiplayer fantasy_football fantasy_sports"
            " fantasy_league live_scores sports_fans sports_streaming highlights bands"
            " stock_photos stock_footage stock_photography local_bands illustrators illustrator"
            " illustration illustrations artwork art_prints"
            " commissions tabletop rpg rpgs dungeons game_masters board_game_cafe",
        ),
        (
            2,
            "host_a_show episodes_every narrated original_episodes bedtime_stories fans_and"
            " entertainment_app watch_party karaoke photography photographers",
        ),
    ),
    "b2b_saas": (
        (
            3,
            "retainers retainer renewals renewal sla_timers shared_inboxes ticketing_system"
            " support_teams support_team support_agents deflect deflection deflects"
            " chatbot_for_support"
            " call_recorder sales_reps reps talk_ratio objection_handling battlecards"
            " case_studies decks proposal proposals proposal_software e-sign esign docusign"
            " prospect prospects revops sales_ops salesops marketing_ops duplicate_accounts"
            " data_hygiene health_scores health_score churn_risk playbooks renewal_playbooks"
            " action_items meeting_notes asana trello monday clickup linear airtable zendesk"
            " intercom gong outreach.io apollo zoominfo marketo pardot mailchimp"
            " approval_workflows internal_tools no-code low-code ops_tools back-office"
            " account-based_marketing abm intent_data website_visitors inbound outbound"
            " demo_requests lead_routing round_robin territories pipeline_management"
            " feature_requests product_feedback roadmap_voting arr mrr b2b_customers"
            " security_questionnaires w-9 w-9s vendor_onboarding spend_approvals"
            " time_tracking focus_time meeting_load standup_bot slack-native slack_bot"
            " employee_directory intranet competitive_intelligence competitor_tracking"
            " market_intelligence quote-to-cash cpq contract_lifecycle clm revenue_operations"
            " subscription_businesses subscription_billing cleaning_businesses cleaning_companies"
            " home_services service_businesses tradespeople plumbers electricians landscapers"
            " help_center help_centers software_licenses saas_spend rfp rfps"
            " sales_engineers",
        ),
        (
            2,
            "departments department ops agencies_that client_approval"
            " templates customer_success_managers csm csms account_managers"
            " prospects_opened smb_owners mid-size mid-market",
        ),
    ),
    "consumer": (
        (
            3,
            "dating_apps matchmaking match_a_day playdates playdate dog_owners cat_owners"
            " pet_parents climbers climbing bouldering hiking hikers cyclists cycling"
            " pickup_basketball pickup_games pickup_soccer rec_league board_games boardgames"
            " to-do todo to-do_list todo_list reminders_app productivity_app personal_calendar"
            " habit_tracker mood_tracker mood_graph sleep_tracker step_counter daily_walk"
            " screen_time digital_wellbeing doomscrolling home_workouts new_moms moms dads"
            " parenting newborn toddler toddlers kids_activities babysitter babysitters nanny"
            " nannies scrapbook anniversaries anniversary date_night gift_list wishlist_for"
            " packing_list trip_planner trip_planning travel_planner itineraries"
            " restaurant restaurants dinner dinners meal_planning meal_plan grocery_list"
            " plant_identification houseplants group_chat group_chats friend_group"
            " new_city moved_to local_events things_to_do nightlife"
            " strava tinder bumble hinge instagram insta tiktoks snapchat pinterest"
            " bereal whatsapp myfitnesspal peloton headspace calm goodreads letterboxd"
            " walking_app walking_challenge daily_steps step_count cafes cafe coffee_shops yelp"
            " opentable alltrails wardrobe outfit outfits closet style_advice"
            " grandparents grandkids grandchildren family_stories memories housemates"
            " carpool carpooling carpools school_run school_runs flatmates household households"
            " stag stag_do bachelor_party hen_do hen_party"
            " bachelorette group_trip group_trips reading_goal tennis_partners golf pickleball",
        ),
        (
            2,
            "you_saved your_friends your_phone with_friends w_friends free_time your_calendar"
            " swipe swipes swiping spoiler playlist_for hangouts hang_out",
        ),
    ),
    "other": (
        (
            3,
            "satellite_imagery crop_yield yield_prediction soybean soybeans corn wheat dairy"
            " herd cattle cows cow poultry greenhouse greenhouses agronomy agronomist"
            " soil_moisture rooftop_solar solar_installers solar_panels installers_solar"
            " case_law legal_research contracts_for_lawyers law_students_not"
            " city_councils city_council agendas public_comment county counties civic"
            " voter voters voter_registration elections election campaign_volunteers"
            " sermon sermons online_giving tithe tithing small_groups ministry pastor pastors"
            " faith religious electronic_lab_notebook lab_notebook biology chemistry"
            " scientific academic_labs research_grants carbon_accounting scope_1 scope_3"
            " esg manufacturers manufacturer factory factories factory_floor factory_floors"
            " cnc machining injection_molding assembly_line production_line industrial"
            " predictive_maintenance quality_inspection machine_vision rebar construction_sites"
            " construction_site construction_crews robotics robots drones_for"
            " ev_chargers chargers charger_network parking_garages grid-scale battery_storage"
            " battery_dispatch power_plants electricity oil gas pipeline_inspection"
            " permitting building_departments inspections_for_cities food_banks food_bank"
            " shelters homeless_shelter refugees green_card uscis"
            " immigration_forms legal_forms notary court_filings public_records dmv"
            " police fire_department first_responders 911 emergency_services military"
            " veterans_affairs funeral funerals funeral_homes cemetery cemeteries union unions"
            " union_organizers labor_union conservation wildlife"
            " bin_collection waste_collection garbage_collection town_hall town_halls mayor mayors"
            " streetlights street_lights"
            " public_works residents_report energy_monitoring energy_usage energy_efficiency"
            " power_bill power_bills court_reporters depositions deposition subcontractor"
            " subcontractors general_contractors jobsite job_site animal_shelters"
            " animal_shelter spraying pesticide pesticides fertilizer",
        ),
        (
            2,
            "farmers_market sensors sensor iot machines machinery equipment plant_floor"
            " lawyers_and legal_teams public_comment_periods governments agencies_public",
        ),
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
        " horizontal_scaling virtualized virtualization virtualised keyboard_nav"
        " keyboard_navigation role-gated role-based optimistic_updates optimistic_ui"
        " infinite_scroll pagination cursor_pagination debounce a11y wcag aria ssr csr"
        " hydration design_system component_library state_management offline-first"
        " service_worker lazy_loading code_splitting deep_links deep_linking feature-flagged"
        " p90 idempotent_retries dead_letter dlq backfill backfills upsert upserts"
        " denormalized normalized_schema foreign_keys composite_index json_schema"
        " protobuf rate-limited exponential_backoff retries_with jitter sticky_sessions"
        " blue/green multi-region failover rto rpo sso/saml scim_provisioning",
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
    r"|no clue how|confus\w*|(?:not sure|no idea|don't know|dont know) what .{1,30}? means"
    r"|what does .{1,30}? mean|if that helps|spreadsheets?|excel sheet|gmail|google sheets?"
    r"|whatsapp group|pen and paper|notebook and pen|by hand|on paper|my (?:husband|wife|mum|mom"
    r"|dad|kids) (?:uses?|said)|some kind of|or something|thingy|doohickey|techy (?:stuff|bit)"
    r"|computer stuff|tech stuff|the techy|hire someone to|someone to build"
    r"|explain (?:what|how)|what (?:a|an|the) [\w-]+ (?:is|are|does)\b|(?:friend|someone|he|she)"
    r" (?:mentioned|said) (?:it|that|we|i)|dumb question|silly question|however that works"
    r"|or whatever|i don't really get)"
)
_NUMBER_UNIT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:ms|rps|qps|tps|gb|tb|mb)\b|\bp\d{2}\b")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,5}\b")
_NEGATED = re.compile(
    r"\b(?:not|isn't|isnt|aren't|arent|no longer|instead of|rather than)\b(?P<span>.*?)"
    r"(?=[,.;:!?()]|\s[—–-]\s|\bbut\b|\bit's\b|\bit is\b|\bwe're\b|\bwe are\b|$)"
)
_HEDGE = re.compile(
    r"^\s*(?:(?:really|too|totally|entirely|quite|100%)\s+)?(?:sure|certain|yet|a clue)\b"
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


_INDUSTRY_INDEX = _index_labels(
    {label: _INDUSTRY_TERMS[label] + _INDUSTRY_FAMILIES.get(label, ()) for label in INDUSTRIES}
)
_ROLE_INDEX = _index_labels(_ROLE_TERMS)
_ALL_TERMS = frozenset(_INDUSTRY_INDEX)


def _root_index() -> dict[str, list[tuple[Industry, float]]]:
    """Single-word industry terms by derivational root, for words the lexicon lacks verbatim."""
    index: dict[str, dict[Industry, float]] = {}
    for term, hits in _INDUSTRY_INDEX.items():
        if " " in term or "-" in term or len(term) < 6:
            continue
        for label, weight in hits:
            slot = index.setdefault(root(term), {})
            slot[label] = max(slot.get(label, 0.0), weight)
    return {key: list(slot.items()) for key, slot in index.items()}


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


_DERIVATIONAL = ("ists", "ist", "isms", "ism", "ical", "ics", "ic", "ian", "ation", "ion", "ory")
_ROOT_DISCOUNT = 0.75
_SPECIFICITY = 0.001


@lru_cache(maxsize=16384)
def root(stemmed: str) -> str:
    """A derivational root, so "physiotherapist", "physiotherapy" and "physio-therapeutic" meet."""
    for suffix in _DERIVATIONAL:
        if stemmed.endswith(suffix) and len(stemmed) - len(suffix) >= 6:
            return stemmed[: -len(suffix)]
    if stemmed.endswith(("y", "e")) and len(stemmed) > 7:
        return stemmed[:-1]
    return stemmed


_ROOT_INDEX = _root_index()


def _grams(normalized: str) -> list[str]:
    """Every stemmed 1..3-gram, plus the parts of hyphenated words no phrase matched whole
    ("post-surgery" also counts as "surgery")."""
    tokens = stems(normalized)
    grams = list(ngrams(tokens))
    for token in tokens:
        if "-" in token and token not in _ALL_TERMS:
            grams.extend(stem(part) for part in token.split("-") if len(part) > 2)
    return grams


def _score(
    index: dict[str, list[tuple[_K, float]]],
    normalized: str,
    roots: dict[str, list[tuple[_K, float]]] | None = None,
) -> dict[_K, float]:
    """Summed term weights per label; single words the index lacks may match by `roots`."""
    scores: dict[_K, float] = {}
    for gram in _grams(normalized):
        hits = index.get(gram)
        discount = 1.0
        if hits is None and roots is not None and " " not in gram:
            hits, discount = roots.get(root(gram)), _ROOT_DISCOUNT
        for label, weight in hits or ():
            weight *= discount
            # a hair more for concentrated evidence, so on equal sums one domain-specific
            # term ("citizens") beats several generic ones ("budget", "tracking")
            scores[label] = scores.get(label, 0.0) + weight + _SPECIFICITY * weight * weight
    return scores


_AUDIENCE_CUT = re.compile(
    r"\b(?:for|so|that|which|where|to help|helping|aimed at|targeting|between|among|near|across)\b"
)
_HEAD_BONUS = 0.2


def _industry_evidence(normalized: str) -> dict[Industry, float]:
    """Industry scores where the product's head phrase (before "for ...", "that ...") counts
    a little more than the audience or details that follow it."""
    scores = _score(_INDUSTRY_INDEX, normalized, _ROOT_INDEX)
    cut = _AUDIENCE_CUT.search(normalized)
    if cut is None:
        return scores
    for label, weight in _score(_INDUSTRY_INDEX, normalized[: cut.start()], _ROOT_INDEX).items():
        scores[label] = scores.get(label, 0.0) + _HEAD_BONUS * weight
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
    return _industry_evidence(_split_negations(normalize(text)).affirmed)


def find_industry_correction(text: str) -> IndustryCorrection | None:
    """The industry a message explicitly corrects to, e.g. "we're in healthcare, not fintech"."""
    normalized = normalize(text)
    split = _split_negations(normalized)
    # "not sure about budget, ..." hedges; it rejects nothing
    split = split._replace(negated=tuple(s for s in split.negated if not _HEDGE.match(s)))
    if not split.negated and _CORRECTION_CUE.search(normalized) is None:
        return None  # neither "not X" nor "actually/sorry/...": cannot be a correction
    affirmed, top, _ = _best_industry(_score(_INDUSTRY_INDEX, split.affirmed, _ROOT_INDEX))
    if top < _MIN_CORRECTION_SCORE:
        return None
    rejected = _rejected_industry(split.negated)
    if rejected is not None and rejected[0] != affirmed:
        return IndustryCorrection(affirmed, _affirmed_phrase(text, split.affirmed), rejected[1])
    if rejected is not None or split.negated:  # "for landlords, not tenants": another contrast
        return None
    if _CORRECTION_CUE.search(normalized) is None:
        return None
    described = _SELF_DESCRIPTION.search(split.affirmed)
    if described is None:
        return None
    tail = described.group("rest")
    tail_best, tail_top, _ = _best_industry(_score(_INDUSTRY_INDEX, tail, _ROOT_INDEX))
    if tail_best != affirmed or tail_top < _MIN_CORRECTION_SCORE:
        return None
    start = described.start("rest")
    return IndustryCorrection(affirmed, _clean_phrase(text[start : start + len(tail)]), None)


def _rejected_industry(spans: tuple[str, ...]) -> tuple[Industry, str] | None:
    for span in spans:
        best, top, _ = _best_industry(_score(_INDUSTRY_INDEX, span, _ROOT_INDEX))
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
    clauses = [
        c
        for c in re.split(r"[,.;:!?—–]|\s-\s", affirmed)
        if _score(_INDUSTRY_INDEX, c, _ROOT_INDEX)
    ]
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
    confidence = _confidence(top, runner_up)
    opinion = industry_model.second_opinion(text, best, confidence)  # trained on real text
    if opinion is not None:  # squared: an unsure model moves a profile little
        return opinion[0], round(opinion[1] ** 2, 4), False
    return best, confidence, False


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
    domain, domain_corrected = _read_domain(normalized)
    return ProfileReading(
        industry=industry,
        industry_confidence=industry_confidence,
        role=role,
        role_confidence=role_confidence,
        sophistication=_level(score),
        sophistication_score=score,
        sophistication_confidence=confidence,
        industry_correction=corrected,
        domain=domain,
        domain_correction=domain_corrected,
    )


def _read_domain(normalized: str) -> tuple[str, bool]:
    """The sub-domain pack named by cue phrases outside negations ("not a vet clinic"), and
    whether the message rejects another one or says it corrects ("actually a dental office")."""
    from engine.packs import find_domain  # packs imports this module for its types

    split = _split_negations(normalized)
    domain = find_domain(split.affirmed)[0]
    if not domain:
        return "", False
    rejected = {find_domain(span)[0] for span in split.negated} - {"", domain}
    return domain, bool(rejected) or _CORRECTION_CUE.search(normalized) is not None


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


_STICKY = 0.45  # from this confidence on, the industry only moves on strong evidence
_OVERRIDE = 0.75  # what a single message must reach to move a sticky industry


def _merge_domain(current: Profile, reading: ProfileReading) -> dict[str, object]:
    """A recognised sub-domain sets its parent industry; once set it stays until the person
    corrects the industry explicitly."""
    from engine.packs import packs  # packs imports this module for its types

    table = packs()
    if reading.domain and reading.domain != current.domain:
        if current.domain and not (reading.industry_correction or reading.domain_correction):
            return {}
        pack = table[reading.domain]
        sticky = current.industry != "other" and current.industry_confidence >= _STICKY
        if sticky and pack.industry != current.industry and not _strong(reading, pack.industry):
            return {}  # "our warehouse is shipbob" does not turn a web shop into a warehouse
        confidence = max(current.industry_confidence, 0.8)
        if reading.industry_correction:
            return {"domain": pack.id, "industry": pack.industry, "industry_confidence": 1.0}
        return {"domain": pack.id, "industry": pack.industry, "industry_confidence": confidence}
    parent = table[current.domain].industry if current.domain in table else None
    if reading.industry_correction and parent is not None and parent != reading.industry:
        return {"domain": ""}  # "we're a bank, not a vet clinic": the old sub-domain goes
    return {}


def _strong(reading: ProfileReading, industry: Industry) -> bool:
    corrected = reading.industry_correction or reading.domain_correction
    return corrected or (reading.industry == industry and reading.industry_confidence >= _OVERRIDE)


def _merge_industry(current: Profile, reading: ProfileReading) -> dict[str, object]:
    if reading.industry_correction:
        if current.domain and reading.domain == current.domain:
            return {"industry_locked": True}  # the sub-domain already names the industry
        return {"industry": reading.industry, "industry_confidence": 1.0, "industry_locked": True}
    if current.industry_locked or current.domain:
        return {}
    sticky = current.industry != "other" and current.industry_confidence >= _STICKY
    weak = reading.industry_confidence < max(_OVERRIDE, current.industry_confidence)
    if sticky and reading.industry != current.industry and weak:
        return {}  # one word ("scan", "payments") never moves a confident industry
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


_CONFUSED_DROP = 0.25


def _plainer(current: Profile) -> dict[str, object]:
    """Someone who did not understand a question: at least one level plainer from now on."""
    score = round(max(0.05, min(current.sophistication_score - _CONFUSED_DROP, 0.3)), 4)
    if current.sophistication in ("advanced", "expert"):  # plain words from now on
        score = round(min(current.sophistication_score - _CONFUSED_DROP, 0.5), 4)
    return {
        "sophistication": _level(score),
        "sophistication_score": score,
        "sophistication_confidence": max(current.sophistication_confidence, 0.5),
        "sophistication_locked": False,
    }


def _merge_sophistication(current: Profile, reading: ProfileReading) -> dict[str, object]:
    if reading.confused:
        return _plainer(current)
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
    update |= _merge_domain(current, reading)
    update |= _merge_industry(current.model_copy(update=update), reading)
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
