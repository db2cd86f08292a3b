"""Escape and correction signals in a user message (offline)."""

from __future__ import annotations

import re

from engine.lexicon import expand_shorthand, normalize, stem_phrase, stems, words
from engine.profile import find_industry_correction
from engine.signal_model import MODEL
from engine.topics import TOPICS
from engine.types import Signal, SignalKind

SIGNAL_KINDS: tuple[SignalKind, ...] = (
    "none",
    "impatience",
    "fatigue",
    "expertise",
    "redirect",
    "dont_know",
    "correction",
)


_SignalDraft = tuple[SignalKind, float, str | None, str | None, str | None]

_TOPIC_SYNONYMS: dict[str, str] = {
    "target_users": "user users audience customer customers persona personas who_it_is_for who"
    " who_it's_for target_market target_audience icp segment segments end_users who_the_users"
    " who_uses_it who_will_use who_we_sell_to sell_to selling_to buyer buyers user_base"
    " demographic demographics early_adopters main_users primary_users ideal_customer"
    " customer_profile who_pays who_it_serves tech_savvy tech-savvy non-technical not_technical"
    " who'll_use who'll_be_using who_will_be_using",
    "core_problem": "problem problems pain why need issue the_issue use_case problem_statement"
    " problem_we're_solving what_we're_solving the_actual_problem job_to_be_done jtbd"
    " root_cause",
    "value_proposition": "value value_proposition differentiator differentiation competitors"
    " competition pricing price prices business_model monetization monetisation revenue usp"
    " positioning go-to-market make_money making_money money_side business_side how_we_charge"
    " revenue_model earn competitor"
    " competitive_landscape stacks_up stack_up against_competitors compared_to alternatives why_us"
    " why_choose moat different_from how_we're_different"
    " stand_out unique selling_point plans subscription_tiers tiers charge charging gtm"
    " pick_us_over choose_us_over pick_us choose_us compare_to compared_with how_we_compare"
    " makes_us_different sets_us_apart set_us_apart switch_from",
    "user_journey": "journey user_journey workflow workflows onboarding sign_up signup"
    " registration process day_in_the_life user_goes_through users_go_through end_to_end end-to-end"
    " from_signup first_time_experience lifecycle step_by_step experience_from",
    "key_actions": "features feature actions functionality capabilities core_features"
    " able_to_do be_able_to can_do need_to_do what_users_do what_they_do main_things"
    " core_functionality use_cases tasks core_actions key_actions main_actions key_thing"
    " main_thing users_do people_do customers_do key_action main_action key_task main_task",
    "pain_points": "pain_points main_pain the_main_pain biggest_pain frustrations friction"
    " bottlenecks complaints frustrate"
    " frustrates frustrated frustrating annoy annoys annoying annoyances headaches struggle"
    " struggles hate hates pain_point biggest_pain what_sucks blockers the_pain big_pain"
    " real_pain worst_pain pains headache what_frustrates",
    "platforms": "platform platforms mobile web ios android desktop stack tech_stack"
    " architecture hosting backend frontend framework frameworks tech cloud infrastructure"
    " devices tablet native react_native flutter web_app mobile_app pwa infra aws gcp azure"
    " hosted self-hosted on-prem tech_choices iphone iphones ipad smartphone smartphones laptop"
    " laptops browser browsers web-based",
    "integrations": "integration integrations integrate api apis payments payment stripe billing"
    " ehr crm sso webhooks third-party salesforce hubspot quickbooks paypal xero"
    " zapier twilio plaid shopify connect okta auth0 hookup hookups hook_into plug_into"
    " connector connectors sync syncing google_calendar outlook slack_integration sap netsuite"
    " woocommerce magento bigcommerce sage freshbooks zendesk intercom jira asana docusign"
    " mailchimp sendgrid braintree adyen square_payments epic cerner gusto workday servicenow"
    " google_sheets gmail dropbox google_drive airtable hooks_into talks_to pull_from push_to"
    " erp accounting_software accounting_system",
    "data": "data database databases storage analytics reporting reports data_model schema"
    " metrics postgres postgresql mysql mongodb mongo firebase dynamodb sql what_we_store"
    " store data_sources source_of_truth export exports import imports records fields",
    "security_compliance": "security compliance privacy hipaa gdpr pci soc_2 soc2 kyc aml ferpa"
    " permissions auth authentication encryption access_control audit pci_dss ccpa"
    " audit_logs roles_and_permissions secure regulatory regulation regulations phi pii"
    " data_protection mfa 2fa saml sox iso_27001 pentest encryption_at_rest at_rest",
    "scale": "scale scaling performance load traffic volume growth latency concurrent_users"
    " how_many_users how_many_people user_count number_of_users concurrent peak uptime"
    " per_day per_month requests_per throughput how_many_concurrent rps qps spikes simultaneous"
    " load_testing at_once",
    "screens": "screens screen ui interface pages page dashboard layout design wireframes"
    " wireframe mockups mockup look_and_feel home_page landing_page visuals views view"
    " calendar_view ux what_it_looks_like should_look how_it_looks how_it_should_look look"
    " looks look_like prototype homepage settings_page",
    "flows": "flows flow navigation user_flow user_flows menus navigate move_between"
    " how_users_move sequence step steps comes_before comes_after order_of click_through"
    " happy_path password_reset invite_flow",
    "feature_priorities": "priorities priority prioritization mvp must-have must_have roadmap"
    " scope v1 first_version first_release initial_release launch_features phase_one nice_to_have"
    " feature_priorities prioritize prioritise"
    " what_to_build_first build_first v2 later_phase version_one must-haves must_haves"
    " nice-to-have nice-to-haves mvp_scope cut_scope what's_in_v1 launch_scope",
}
# Words that name a topic only weakly: a more specific phrase elsewhere wins over them.
_GENERIC_TOPIC_WORDS = frozenset(
    str.split(
        "user users customer customers who need why problem issue process app page view views"
        " store step steps sequence tech value experience connect data web unique plans tasks"
        " charge records fields secure peak design stack look looks"
    )
)
# Manner phrases ("step by step") name a topic only weakly, however long they are.
_GENERIC_TOPIC_PHRASES = frozenset({"step by step", "end to end", "end-to-end"})
# Named products and standards: as specific as a phrase.
_NAMED_TOPIC_WORDS = frozenset(
    str.split(
        "stripe salesforce hubspot quickbooks paypal xero zapier twilio plaid shopify okta auth0"
        " ehr"
        " crm sso hipaa gdpr pci soc2 kyc aml ferpa ccpa postgres postgresql mysql mongodb mongo"
        " firebase dynamodb ios android mvp v1 v2 aws gcp azure flutter sap netsuite woocommerce"
        " magento bigcommerce freshbooks zendesk intercom jira asana docusign mailchimp"
        " sendgrid braintree adyen cerner gusto workday servicenow erp mfa 2fa saml sox"
    )
)


# A flow named outright ("the invite flows") beats every other topic phrase in its clause.
_FLOW_WEIGHT = 2.5


def _topic_index() -> tuple[dict[str, str], dict[str, float]]:
    index: dict[str, str] = {}
    weights: dict[str, float] = {}
    for topic in TOPICS:
        for term in (*topic.keywords, *_TOPIC_SYNONYMS.get(topic.id, "").split()):
            phrase = term.replace("_", " ")
            key = stem_phrase(phrase)
            if key in index:
                continue
            index[key] = topic.id
            size = len(key.split())
            weights[key] = (
                0.5
                if phrase in _GENERIC_TOPIC_WORDS or phrase in _GENERIC_TOPIC_PHRASES
                else _FLOW_WEIGHT
                if topic.id == "flows" and "flow" in key.split()
                else 1.5
                if phrase in _NAMED_TOPIC_WORDS
                else 1.0 + 0.5 * (size - 1)
            )
    return index, weights


_TOPIC_INDEX, _TOPIC_WEIGHT = _topic_index()
_LONGEST_TOPIC_PHRASE = 4


_VERB_NEED_AFTER = frozenset(
    {"we", "i", "it", "they", "you", "will", "to", "also", "really", "just"}
)
_HEAD_TOPICS = frozenset({"flows", "screens"})


def _topic_matches(normalized: str) -> list[tuple[int, int, str, float]]:
    """(position, length, topic id, weight) for every topic phrase, longest first at a position."""
    tokens = stems(normalized)
    found: list[tuple[int, int, str, float]] = []
    i = 0
    while i < len(tokens):
        for n in range(_LONGEST_TOPIC_PHRASE, 0, -1):
            key = " ".join(tokens[i : i + n])
            topic = _TOPIC_INDEX.get(key)
            if n == 1 and tokens[i] == "need" and i and tokens[i - 1] in _VERB_NEED_AFTER:
                topic = None
            if topic is not None:
                found.append((i, n, topic, _TOPIC_WEIGHT[key]))
                i += n - 1
                break
        i += 1
    return found


def find_topic(text: str) -> str | None:
    """The topic a phrase names most specifically; "checkout flow" names its head noun's topic.

    Every topic phrase scores by specificity (a generic word like "users" counts half, a
    multi-word phrase more); the best score wins and an earlier mention breaks ties.
    """
    matches = _topic_matches(normalize(text))
    if not matches:
        return None
    best = max(range(len(matches)), key=lambda i: (matches[i][3], -i))
    position, length, topic, _ = matches[best]
    if (
        best + 1 < len(matches)
        and matches[best + 1][0] == position + length
        and matches[best + 1][2] in _HEAD_TOPICS
    ):
        return matches[best + 1][2]
    return topic


def _rx(*parts: str) -> re.Pattern[str]:
    """One alternation; a shared leading word boundary is tested once per position, not per part."""
    bounded = [p.removeprefix(r"\b") for p in parts if p.startswith(r"\b")]
    others = [p for p in parts if not p.startswith(r"\b")]
    grouped = [r"\b(?:" + "|".join(bounded) + ")"] if bounded else []
    return re.compile("|".join(grouped + others))


_THIRD_PARTY = re.compile(
    r"\b(?:users?|people|customers?|clients?|they|he|she|patients?|drivers?|doctors?|nurses?"
    r"|teachers?|managers?|staff|employees?|students?|parents?|admins?|everyone|folks|buyers?"
    r"|sellers?|members?|tenants?|landlords?|engineers?|agents?|regulators?|teams?|crews?"
    r"|dispatchers?|operators?|vendors?|suppliers?|partners?|owners?|workers?|reps?)\b"
    r"|\b(?:the|our|their|his|her) (?:\w+ ){1,2}?(?:should|can|could|will|must|may|is|are"
    r"|has|have|had|does|did|doesn't|don't|would|might)\b"
)
_CONDITION = re.compile(r"\b(?:if|when|whenever|once|unless|until|after)\s+(?=\w)")
_CLAUSE_BREAK = re.compile(r"[,.;:!?()\"]|\s[—–-]\s|\bbut\b|\band\b")

# Impatience as an intent frame: a request to produce or show + a deliverable, in either order.
_DELIVERABLE = (
    r"(?:(?:the|a|an|your|my|our|some|that|this)\s+)?(?:(?:rough|quick|first|initial|full|final"
    r"|basic|simple|short|whole|complete|high-level|one-page|proper|current|written|draft|product"
    r"|design)\s+){0,2}(?:prd|prds|summary|plan|brief|spec|specs|specification|docs?|document"
    r"|wireframes?|mockups?|v1|v0|draft|drafts|output|outputs|results?|deliverables?|prototype"
    r"|requirements|first version|version one|write-?up|proposal|recommendations?)\b"
)
_WHAT_YOU_HAVE = (
    r"(?:whatever|what|anything|everything)\s+you(?:'ve| have)?\s+(?:have|got|came up with"
    r"|can|put together)(?:\s+(?:so far|now|right now|already))?"
)
_PRODUCE_VERB = (
    r"(?:output|give|show|write(?: up)?|spit out|generate|draft|put together|send(?: over)?"
    r"|produce|hand(?: over)?|share|deliver|churn out|crank out|whip up|knock out|create|make"
    r"|build|mock up|sketch(?: out)?|type up|pull together|throw together|dump)"
)
_REQUEST_LEAD = (
    r"(?:^\s*|[,.;:!?—–(]\s*|\b(?:just|please|now|so|then|ok|okay|already|simply|can you"
    r"|could you|would you|will you|you can|you could|go ahead and|i want you to|i need you to"
    r"|i'd like you to|time to|let's|lets)\s+|\band\s+(?=(?:just\s+)?\w+(?: \w+)? (?:me|us)\b))"
)
# Time pressure ("meeting in 20 min") is impatience when a request follows it.
_TIME_PRESSURE_ASK = (
    r".{0,80}?\b(?:give|send|show|share|hand|wrap|finish|whatever|what you|quick|fast|now|asap"
    r"|hurry|speed|output|draft|write)\b"
)
_IMPATIENCE_FRAME = _rx(
    _REQUEST_LEAD
    + r"(?:(?:just|please|now|already|simply|quickly|go ahead and|maybe)\s+)*"
    + _PRODUCE_VERB
    + r"(?:\s+(?:me|us))?(?:\s+(?:over|out|up))?\s+(?:"
    + _DELIVERABLE
    + "|"
    + _WHAT_YOU_HAVE
    + r")",
    r"\b(?:give|send|show|share|hand)(?: me| us)?(?: over)? " + _WHAT_YOU_HAVE,
    r"\b" + _WHAT_YOU_HAVE + r" (?:is|will be|would be) (?:fine|ok|okay|enough|good enough|plenty)",
    r"\bwrite (?:it|this|that|everything|something|them) up\b",
    r"\b(?:go|jump|skip|get|head|move|fast[- ]?forward)(?: straight| right| directly)?(?: ahead)?"
    r" to (?:the )?(?:summary|prd|output|spec|brief|plan|draft|deliverables?|results?|write-?up"
    r"|doc|document|proposal)\b",
    r"\b(?:go|jump|skip|get|head|move) (?:straight|right|directly) to (?:the )?(?:wireframes?"
    r"|mockups?|screens|designs?|prototype|v1)\b",
    r"^\s*(?:(?:ok|okay|so|just|alright)[,.]?\s+)?(?:the |a |your )?(?:summary|prd|spec|brief"
    r"|plan|draft|output|deliverables?|wireframes|mockups)(?:\s+(?:now|please|already|asap"
    r"|right now|thanks))+\s*(?:$|[,.!])",
    # complaints about the process itself
    r"\b(?:going|go|running|talking|spinning|run|talk|spin|moving)(?: around)? in circles\b",
    r"\b(?:we're|we are|we keep|keep|we've been|just) (?:just |still )?(?:going|bouncing)"
    r" back and forth\b",
    r"\b(?:this|it)(?:'s| is) going nowhere\b",
    r"\b(?:less|fewer) (?:questions?|talking|talk|chatting|chat|asking|interviewing|discussion"
    r"|discussing|back and forth|process|planning)\b[\s,;&+-]*(?:and |but |,)?\s*more (?:output"
    r"|outputs|deliverables?|doing|building|action|results?|shipping|drafts?|docs?|making|writing"
    r"|work|progress)\b",
    r"\b(?:no need to|you don't need to|don't need to|you don't have to|don't have to|don't"
    r"|do not|stop trying to) (?:ask|cover|go through|go over|nail down|pin down|check|confirm"
    r"|dig into|drill into)(?: me)?(?: about| on| into)? (?:every|each|all (?:the|these|those)"
    r"|every single)\b",
    r"\bstop (?:asking|with the questions|quizzing|interviewing)\b",
    r"\b(?:assume|guess|make (?:up )?(?:\w+ )?assumptions (?:for|about|on)|fill in|wing)"
    r" (?:the rest|everything else|all the rest|whatever's left|anything else|the remaining"
    r"(?: \w+)?)\b",
    r"\bwrap (?:up )?(?:the|these|your|all the|all these) questions\b",
    r"\b(?:i|we)(?:'ve| have|'ve got| got| have got)? (?:a |an |another )?(?:meeting|call|flight"
    r"|train|demo|standup|hard stop|appointment|interview|pitch)(?: \w+){0,2}? in (?:\d+|a few"
    r"|a couple(?: of)?|five|ten|fifteen|twenty|thirty|an?|half an?)\s*(?:min|mins|minutes"
    r"|minute|hours?|hrs?|h|m)\b" + _TIME_PRESSURE_ASK,
    r"\bshort on time\b" + _TIME_PRESSURE_ASK,
)
_IMPATIENCE_STRONG = _rx(
    r"\b(?:just|simply|please|pls|now|already)\s+(?:show|give|build|make|generate|create|send"
    r"|draft|write|produce|do|ship)\s+(?:me\s+|us\s+)?(?:something|anything|it|that|this"
    r"|the (?:thing|damn thing|brief|spec|specs|wireframes?|mockups?|output|result|results|draft"
    r"|doc|document|summary|deliverables?|requirements|prd)|what you(?:'ve)? (?:got|have)"
    r"|an? (?:draft|brief|spec|mockup|wireframe|prd))\b",
    r"\b(?:this|that|it|the interview|this interview|this process|these questions|this chat)"
    r"\s*(?:is|'s)?\s*(?:taking|takes|took|dragging)\s+(?:forever|too long|ages|so long"
    r"|way too long|a while|on)\b(?!\s+to\b)",
    r"\bspeed (?:this|it|things) (?:up|along)\b",
    r"\bhow (?:much )?long(?:er)? (?:is|will|does) (?:this|it) (?:going to |gonna )?(?:take"
    r"|last)\b",
    r"\bhow much longer\b",
    r"\b(?:this|it)(?:'s| is) (?:really |so |just )?dragging\b",
    r"\bput (?:something|a draft|it|a first version|anything) together\b",
    r"\b(?:just |please )?show me (?:the |a |your )?(?:prototype|demo|designs?|screens|mockups?"
    r"|wireframes?|draft|output|spec|brief)\b",
    r"\b(?:done|had) enough (?:talking|chatting|back and forth)\b",
    r"\b(?:it's |its )?time to (?:see|get to|look at|start building|build|make|ship|produce|show)"
    r" (?:some|the|a|an|something|it)\b",
    r"\b(?:take|have) (?:a|your best|your|a first) (?:shot|stab|crack|pass|go) at (?:it|this"
    r"|the \w+)\b",
    r"\b(?:i'll|i will|we'll|we can) (?:give (?:you )?feedback|react|comment|review)"
    r"(?: (?:on|to) (?:it|that|what you \w+))? (?:after|later|once)\b",
    r"\bhurry (?:up|it up)\b",
    r"\b(?:please|pls|can you|could you|let's|so|just|now) hurry\b",
    r"^\s*(?:\w+[,!]?\s+)?hurry\b",
    r"\bjust (?:want|wanna|need) to see (?:what you|something|anything|the (?:output|wireframes?"
    r"|designs?|draft|result|mockups?|screens))",
    r"\bwing it\b",
    r"\bget (?:to the point|on with it|to it)\b",
    r"\bcut to the chase\b",
    r"\bwrap (?:this|it|things) up\b",
    r"\bskip (?:ahead|to the (?:end|output|results?|brief|spec|wireframes?|good part"
    r"|deliverables?))",
    r"\bfast[- ]?forward\b",
    r"\b(?:let's|lets|let me|can i|can we) see (?:the (?:wireframes?|brief|spec|mockups?|output"
    r"|result|draft|deliverables?)|something|it|what you)",
    r"\bshow me (?:something|anything|what you(?:'ve)? got|the (?:wireframes?|brief|spec|output"
    r"|result|mockups?|draft|thing|deliverables?))\b",
    r"\b(?:give|send) (?:me|us) (?:the|a|an) (?:brief|spec|wireframes?|output|result|summary"
    r"|mockups?|draft|prd|requirements|deliverables?)\b",
    r"\bhow many more(?: questions)?\b",
    r"\b(?:don't|do not|dont) have (?:time|all day)\b",
    r"\bi need (?:this|it) (?:today|now|asap|yesterday|by)\b",
    r"\btl;?dr\b",
    r"\b(?:move|go) (?:faster|quicker)\b",
    r"\bmove (?:it|this|things) along\b",
    r"\bjust (?:start|begin|get) (?:building|designing|going)\b",
    r"\bstop asking and\b",
    r"\b(?:just|straight|right) (?:get|go|skip|jump|move|head) (?:on )?(?:to|ahead to) (?:the )?"
    r"(?:wireframes?|brief|spec|output|results?|end|deliverables?|mockups?|draft|good part)",
    r"\bskip (?:the rest|everything else|all that|the remaining)\b",
    r"\b(?:generate|produce|write|draft|create|make|send|show) (?:me |us )?(?:the|a|an|your)"
    r" (?:brief|spec|wireframes?|prd|summary|deliverables?|first draft|draft|mockups?)\b",
    r"\b(?:i'm|i am|we're|we are) in a (?:rush|hurry)\b",
    r"\b(?:don't|let's not|lets not) overthink (?:it|this)\b",
    r"\b(?:are we|we) (?:there|done) yet\b",
    r"\b(?:just\s+|please\s+)?(?:spit out|churn out|crank out|whip up|knock out|put together)"
    r"\s+(?:something|anything|a (?:first )?(?:version|draft)|the (?:thing|spec|brief|draft)|it)\b",
    r"\b(?:just\s+|please\s+)?(?:make|build|generate|draft|create|ship|mock up|sketch)\s+"
    r"(?:something|anything|a first version|a first pass|a (?:rough )?(?:version|draft|mockup)"
    r"|it|one)\b(?=\s*(?:$|[,.!?;]|and\b|so\b|now\b|already\b|please\b"
    r"|\W*[\U0001F300-\U0001FAFF]))",
    r"\b(?:we're|we are|i'm|i am|you're|you are) (?:over ?thinking|overdoing|overcomplicating)\b",
    r"\b(?:i'd|i would|i'd much|i'd really) rather (?:just )?(?:see|get|have|look at) (?:a |the"
    r" |some"
    r" |your )?(?:draft|mockups?|wireframes?|designs?|output|spec|brief|something|first version"
    r"|prototype)\b",
    r"\bthan (?:answer(?:ing)?|go(?:ing)? through) (?:\d+|twenty|ten|more|all these|another)",
    r"\bhow many more (?:of these|questions|steps|rounds)\b",
    r"\b(?:before|until) i (?:get to |can )?see (?:a |the |some )?(?:mockups?|wireframes?|designs?"
    r"|output|draft|something)\b",
    r"\b(?:fast[- ]?forward|skip|jump|get|go) (?:straight |right )?(?:ahead )?to (?:the )?(?:part"
    r" where|bit where|end|good stuff|deliverables?|output)\b",
    r"\b(?:i'll|i will|we'll|we will|we can|i can) (?:fix|sort out|figure out|tweak|refine|adjust"
    r"|iterate on|fill in|deal with|polish) (?:the )?(?:details|rest|edge cases|specifics|it|that)"
    r" (?:later|after|afterwards|as we go)\b",
    r"\bwe can iterate (?:after|later|afterwards|as we go)\b",
    r"\b(?:i )?(?:don't|do not) need every (?:edge case|detail|little detail|question)\b",
    r"\b(?:covered|answered) enough\b",
    r"\bwhat does (?:the|it|this) (?:app|thing|product) (?:look like|do)\b(?=\s*\??\s*$)",
    # "can i see a first version of the doc now?", "could we look at a draft"
    r"\b(?:let's|lets|let me|can i|can we|could i|could we|may i|i want to|i'd like to|i wanna)"
    r" (?:see|look at|get|have|review) " + _DELIVERABLE,
    # "rest can be filled in after", "details can come later", "the rest can wait"
    r"\b(?:the )?(?:rest|details|specifics|edge cases|gaps|remaining (?:bits|details|questions))"
    r" (?:can|could|will|may) (?:be (?:filled in|figured out|sorted(?: out)?|decided|added|worked"
    r" out|refined|handled|dealt with)|come|wait)(?: in)? ?(?:later|after(?:wards)?|as we go"
    r"|$|[,.!])",
    # "output first, details later", "draft now, questions later"
    r"\b(?:output|outputs|draft|drafts|spec|prd|doc|docs|results?|deliverables?|something"
    r"|wireframes?|mockups?|prototype|build|building|ship|shipping)\s+(?:first|now)\s*[,;—–-]?"
    r"\s*(?:the )?(?:details|questions|specifics|edge cases|the rest|rest|polish|refinements?"
    r"|tweaks|feedback|nuance)\s+(?:later|after(?:wards)?)\b",
    # "i'd rather react to a wireframe than keep answering"
    r"\b(?:rather|prefer to|prefer)\b[^.?!]{0,80}?\bthan (?:to )?(?:keep |continue |go on |more"
    r" |carry on )?(?:answer(?:ing)?|question(?:s|ing)?|talk(?:ing)?|chat(?:ting)?|going through"
    r"|go through|fill(?:ing)? in|explain(?:ing)?|this back and forth|the back and forth)\b",
    r"\b(?:i'd|i would|i'd much|i'd really) rather (?:just )?(?:react to|respond to|comment on"
    r"|review|work from|iterate on|give feedback on|poke at|play with) " + _DELIVERABLE,
)
_IMPATIENCE_WEAK = _rx(r"\bcome on\b", r"\bok(?:ay)? enough\b", r"\bquickly\b", r"\bplease\b")

_FATIGUE_OBJECT = (
    r"(?:all\s+)?(?:the\s+|these\s+|this\s+|your\s+|so many\s+|answering\s+)?(?:questions?"
    r"|questioning|answering|interview|q&a|back and forth|quiz|this(?=\s*(?:$|[,.!?])))"
)
_TIRED = (
    r"(?:tired|exhausted|worn out|burnt out|burned out|burnt|fried|drained|beat|wiped(?: out)?"
    r"|spent|over it|done|fading|flagging|knackered|shattered|zonked|wrecked|pooped|sleepy"
    r"|dead|toast|cooked|spent|running low|out of gas|zoned out)"
)
_LATER = (
    r"(?:later|tomorrow|tmrw|tmr|another (?:time|day)|some other (?:time|day)|next (?:time|week)"
    r"|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|after the weekend|in the morning)"
)
_FATIGUE = _rx(
    r"\b(?:tired|sick|weary|exhausted|fed up|bored|done|burnt out|burned out|worn out|over)"
    r"\s+(?:of|with|on|from|by)\s+" + _FATIGUE_OBJECT,
    r"\b(?:too|so|way too|this many|that many) many questions\b(?!\s+(?:in|on|for)\b)",
    r"\bso many questions\b(?!\s+(?:in|on|for)\b)",
    r"\bno more questions\b",
    r"\benough (?:questions )?for (?:today|now|tonight)\b",
    r"\benough questions (?:for (?:me|one day|today|now)|already)\b",
    r"\b(?:i'm|i am|im|i feel|feeling|i'm feeling)\s+(?:so\s+|really\s+|pretty\s+|getting\s+"
    r"|a bit\s+|a little\s+|kinda\s+|kind of\s+|sort of\s+|totally\s+|completely\s+"
    r"|honestly\s+|just\s+|starting to (?:get |feel )?|super\s+|very\s+|quite\s+)?"
    + _TIRED
    + r"\b(?!\s+(?:of|with|by|from|at|in|building|using|dealing)\b)",
    r"\b(?:i'm|i am|i'll be|i've been)\s+(?:\w+\s+)?(?:tapping out|checking out|calling it"
    r"|logging off|signing off|heading (?:out|off)|out of energy|running on fumes)\b",
    r"\b(?:long|rough|exhausting|tiring|busy|crazy) day\s*(?:$|[,.!])",
    r"\b(?:i've|i have|i've had|we've had)\s+(?:had\s+)?enough (?:for (?:one|1|a|this|the) (?:day"
    r"|session|night|sitting)|for (?:today|tonight|now)|questions)\b",
    r"\benough for (?:one|1|a|this) (?:day|session|night|sitting)\b",
    r"\b(?:can we|could we|let's|should we|maybe we|we should|we can)\s+(?:just\s+)?"
    r"(?:wrap up|call it (?:a day|a night|quits|here)?|stop(?!\s+(?:asking|with the|quizzing))"
    r"|pause|break|take a break|end (?:here|for (?:now|today))"
    f"|finish (?:this )?{_LATER}|continue (?:this )?{_LATER}"
    r"|pick (?:this|it|things) (?:up|back"
    r" up) (?:later|tomorrow|another time|next time)|do (?:the )?(?:rest|this) (?:later|tomorrow"
    r"|another time))\b",
    r"\b(?:call|calling) it (?:a day|a night|quits|for (?:today|tonight|now))\b",
    r"\btoo (?:tired|exhausted|fried|sleepy|drained) to\b",
    r"\b(?:need|needs|could use|gotta take) (?:a )?(?:break|breather|rest|nap|coffee break)\b",
    r"\b(?:too|so|way too) many (?:questions|qs)\b",
    r"[\U0001F634\U0001F971\U0001F4A4\U0001F62B\U0001F629]",
    r"\b(?:brain|head) (?:is|'s) (?:fried|mush|spinning|hurting|exploding|full)\b",
    r"\bmy (?:brain|head|eyes) (?:is |'s |are )?(?:hurts?|hurting|fried|mush|spinning|aching"
    r"|done|dead|melting|exploding|full|tired|tired out)\b",
    r"\b(?:that's|thats|that is) (?:all|it|enough) (?:i can (?:do|handle|take) )?(?:for me )?"
    r"(?:for )?(?:today"
    r"|tonight|now|for one day)\b",
    r"\ball i can (?:do|handle|take) (?:for )?(?:today|tonight|right now|for now)\b",
    r"\blosing (?:focus|steam|energy|concentration|the plot)\b",
    r"\brunning on (?:fumes|empty)\b",
    r"\b(?:can't|cannot|can not|couldn't) (?:think straight|think clearly|focus|concentrate)"
    r"(?: anymore| any more)?\b",
    r"\b(?:wearing|wiping|tiring|burning) me out\b",
    r"\b(?:i'm|i am) (?:so |really |totally |kind of )?over (?:this|it|these questions)\b",
    r"\b(?:need|have|want|going) to step away\b",
    r"\b(?:can we|let's|lets|could we) (?:stop(?!\s+(?:asking|with the|quizzing))|pause"
    r"|take a break|call it)\b",
    # first-person lack of energy or time for more of this
    r"\b(?:i|i just|i really|i honestly|i simply)\s+(?:don't|do not|really don't|can't|cannot)"
    r" (?:have|find|muster) (?:the |any |enough )?(?:energy|bandwidth|stamina|headspace"
    r"|brain ?power|brainpower|juice|it in me)\b",
    r"(?<!they )(?<!he )(?<!she )\b(?:don't|do not) have it in me\b",
    r"\b(?:no|zero|not much|little|not enough) (?:energy|juice|steam|brain ?power|brainpower"
    r"|bandwidth|focus) left\b",
    r"\b(?:no|zero) (?:energy|bandwidth|brain ?power|brainpower) for (?:more|this|any ?more|these"
    r"|the rest)\b",
    r"\b(?:i'm|i am) (?:\w+ )?out of (?:energy|juice|gas|steam|bandwidth|brain ?power)\b",
    r"\benough for me (?:for )?(?:today|tonight|now|for now|for the day|for one day)\b",
    r"^\s*(?:(?:ok|okay|alright|right|ok so)[,.]?\s+)?(?:that's|thats|that is|i've had|i think"
    r" that's) enough for me\b",
    r"(?:^|[,.;!?—–]\s*|\b(?:ok|okay|alright|and|so)\s+)(?:i'm|i am) (?:so |totally |officially"
    r" )?out\s*(?:$|[,.!—–]|for (?:now|today|tonight)|\W*[\U0001F300-\U0001FAFF])",
    r"^\s*(?:(?:ok|okay|alright|right)[,.]?\s+)?(?:i'm |i am )?(?:all )?(?:done|finished) for"
    r" (?:now|today|tonight|the day)\b",
    r"\b(?:i|i just|i really|i honestly)\s+(?:can't|cannot|can not) (?:keep going|go on"
    r"|continue|do (?:this|more|any ?more))\b",
    r"\b(?:pick|take) (?:this|things) (?:up|back up) " + _LATER,
    r"\bpick (?:this |it )?(?:back )?up (?:from )?where we left off\b",
    r"\U0001F62E\u200D\U0001F4A8|\U0001F62A",
    r"\b(?:stop|pause) (?:here|now|for (?:now|today))\b",
    r"\bcan't (?:answer|do|take) (?:any ?more|more)\b",
    r"\b(?:feeling|feel)\s+(?:so\s+|really\s+)?(?:tired|exhausted|burnt out|burned out|worn out"
    r"|drained)\b",
    r"\bthis is (?:really |so |getting |honestly |pretty |kind of )?(?:a lot|too much|exhausting"
    r"|tiring|draining|endless|wearing me out|wiping me out)\b",
    r"\b(?:these|your|the|so many|all these|all the|all your) questions (?:are|seem|feel)"
    r" (?:endless|never[- ]ending|too much|a lot|exhausting|tiring|draining|relentless)\b",
    r"\b(?:running out of steam|out of steam|running on empty|losing steam|hit a wall"
    r"|zoning out|need a break|running out of energy)\b",
    r"\b(?:this|these questions) (?:is|are) never[- ]ending\b",
)

_FATIGUE_WEAK = _rx(r"\benough questions\b", r"\bthis is a lot\b", r"\bso long\b")

_TECH_TITLE = (
    r"(?:(?:senior|staff|principal|distinguished|founding|lead|experienced|seasoned|former"
    r"|ex-\w+|ex|backend|frontend|full[- ]?stack|software|platform|ml|ai|data|infra"
    r"|infrastructure|solutions|cloud|security|mobile|systems|enterprise|technical)[ -])*"
    r"(?:engineer|developer|dev|programmer|cto|ciso|architect|swe|sre|devops(?: engineer)?"
    r"|data scientist|tech lead|coder|hacker|engineering (?:manager|lead|director)|eng"
    r"|vp (?:of )?engineering|head of (?:engineering|product|platform|infrastructure|infra|data"
    r"|technology|tech)|product manager|pm)"
)
# "principal architect here, ..." ends its clause; "our CTO here handles infra" does not.
_HERE_SELF = (
    r"(?=\s*(?:$|[,.;:!?—–(]|\s-\s|(?:and|so|but|btw|fwiw|too|lol)\b|\W*[\U0001F300-\U0001FAFF]))"
)
# A self-identification by role ("principal architect here", "former CTO, ...").
_ROLE_CLAIM = (
    r"(?:\bi(?:'m| am| was) (?:a |an |the )?" + _TECH_TITLE + r"\b"
    r"(?!\s+by\s+(?:training|background|trade|education))(?!.*\bbut\b)"
    r"|^\s*(?:(?:fwiw|btw|ok|okay|so|also|well|hi|hey)[,.]?\s+)?(?:as )?(?:an? )?"
    f"{_TECH_TITLE}(?:\\s+here\\b{_HERE_SELF}|\\s*(?:[,.;:—–]|\\s-\\s))"
    f"|(?:^|[,.;:!?—–]\\s*)(?:(?!(?:our|my|their|the|your)\\b)\\w+\\s+){{0,3}}?{_TECH_TITLE}"
    f" here\\b{_HERE_SELF}"
    r"|\bas (?:a |an |the )?" + _TECH_TITLE + r"\b(?! (?:would|will|can|could|should|might)\b))"
)
# What an expert asks for once they have claimed expertise.
_TECHNICAL_ASK = re.compile(
    r"\b(?:skip|technical|architecture|system design|internals|deep(?:er)?|hard (?:stuff|parts"
    r"|questions)|tradeoffs|trade-offs|basics|fundamentals|jargon|nitty|weeds|data model)\b"
    r"|\b(?:vs\.?|versus)\s+\w"
)
_EXPERTISE_STRONG = _rx(
    r"\bi (?:already |really )?(?:know|understand|get|grok) (?:the |all the )?(?:fundamentals"
    r"|basics|theory|drill|concepts|101|standard stuff|textbook stuff)\b(?![^.;!?]*\bbut\b)",
    r"\bno need for (?:the |any )?(?:basics|101|intros?|hand[- ]?holding|beginner (?:stuff"
    r"|questions)|fundamentals|explanations?)\b",
    r"\b(?:ask|give)(?: me)? (?:the |some |your )?(?:(?:hard|harder|technical|real|deep|deeper"
    r"|detailed|tough|meaty|advanced|serious|gnarly)\s+){1,3}(?:questions|stuff|things|parts"
    r"|bits|ones)\b",
    r"\b(?:get|go|dive|jump|skip|move|head)?\s*(?:right |straight |directly )(?:in)?to (?:the )?"
    r"(?:system design|data model(?:ing)?|internals|implementation details|tradeoffs|trade-offs)\b",
    r"\bskip (?:the |all the |over the |past the )?(?:basics|basic (?:stuff|questions)|101"
    r"|intros?(?: stuff)?|introductions?|beginner(?: stuff| questions| level)?|fundamentals"
    r"|hand[- ]?holding|easy (?:stuff|questions)|obvious (?:stuff|questions)"
    r"|simple (?:stuff|questions)|explanations?)\b(?!\s+(?:checklist|steps?|screens?|pages?"
    r"|sections?|modules?|course|training|forms?|tutorial))",
    r"\b(?:get|go|be|getting|going)\s+(?:more\s+|very\s+|really\s+)?(?:technical|deep(?:er)?"
    r"|into the weeds|low[- ]level|nerdy)\b",
    r"\bgo deep (?:on|into)\b",
    r"\bi know what i'm doing\b",
    r"\bassume i know (?:the basics|what|how|the fundamentals|the tech)\b",
    r"\b(?:go |jump |get )?straight (?:in)?to the (?:details|technical|deep end|hard stuff)\b",
    r"\bno need to (?:dumb|simplify|explain)\b",
    r"\b(?:don't|do not|no need to) worry about (?:explaining|simplifying|the basics)\b",
    r"\b(?:don't|do not|dont) (?:dumb|simplify|explain (?:the )?basics|explain (?:everything"
    r"|things|the obvious))\b",
    r"\bdumb(?:ing)? (?:it|this|things) down\b",
    r"\btalk to me like (?:an? )?(?:engineer|developer|dev|expert|professional|peer|cto"
    r"|technical person)\b",
    r"\buse (?:the )?(?:jargon|technical terms|technical language)\b",
    r"\b(?:ask|give me|ask me) (?:the )?(?:hard|technical|real|deep|detailed) questions\b",
    r"\bi've (?:built|shipped|launched|done|made|designed) (?:\d+|a few|several|many|dozens(?: of)?"
    r"|a bunch|lots|plenty|a ton)(?: of)? (?:these|those|apps|products|startups|companies"
    r"|platforms|systems|before)\b",
    r"\bi(?:'m| am) (?:a |an |the )?" + _TECH_TITLE + r"\b.{0,60}\b(?:skip|details|deep"
    r"|technical|jargon|basics|weeds|architecture|directly|internals|tradeoffs|trade-offs"
    r"|hard parts|infra|data model)\b",
    r"\b(?:beginner|basic|101|newbie) (?:stuff|questions) (?:aren't|isn't|is not|are not)\b",
    r"\bskip (?:the |all the |over the |past the )?(?:fluff|fluffy (?:stuff|questions)|101"
    r"(?: stuff| questions)?|beginner (?:stuff|questions)|basic questions|intro questions"
    r"|hand[- ]?holding)\b",
    r"\b(?:treat|talk to|speak to|address) me (?:like|as) (?:an? )?(?:engineer|developer|dev|expert"
    r"|professional|peer|pro|cto|technical (?:person|founder)|adult|colleague)\b",
    r"\b(?:get|go|dive|jump|skip|move|head|straight)\s+(?:right |straight )?(?:in)?to (?:the )?"
    r"(?:tech(?:nical)?|hard|deep|advanced|detailed|meaty|nitty[- ]gritty|architecture|infra)"
    r"(?: (?:questions|stuff|details|parts|bits|side|decisions|tradeoffs))?\b",
    r"\b(?:go|get|dig) (?:deeper|deep|technical|into the weeds)\b",
    r"\b(?:ask|quiz) me (?:about|on) (?:the )?(?:architecture|stack|infra|infrastructure|tradeoffs"
    r"|data model(?:ing)?|scaling|internals|hard (?:stuff|parts|questions)|technical (?:stuff"
    r"|details|questions))\b",
    r"\b(?:you can|feel free to|happy to|we can) (?:go|get|dive) (?:deep|deeper|technical"
    r"|into (?:the )?(?:details|weeds|stack|architecture|data modeling|infra))\b",
    r"\b(?:feel free to|you can|happy to) (?:ask|talk) (?:about|me about) (?:the )?(?:stack"
    r"|architecture|infra|tradeoffs|internals)\b",
    r"\b(?:no need to|don't have to|do not have to|you don't need to|don't need to) (?:explain"
    r"|dumb|simplify|spell out|walk me through)\b",
    r"\bi know (?:this (?:stuff|space|domain) (?:cold|well|inside out)|\w+ cold"
    r"|(?:the|this) (?:space|domain|industry) (?:cold|well|inside out))\b",
    r"\b(?:this is my|it's my) (?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|nth) (?:startup"
    r"|company|product|app|rodeo|time building)\b",
    r"\bi've (?:done|built|shipped|launched|run|been through) (?:this|it|all this) (?:before"
    r"|many times|plenty of times|a few times|a bunch)\b",
    r"\b(?:i've|i have) (?:shipped|built|launched|scaled|run) (?:\w+ ){0,3}(?:of these|startups"
    r"|products|apps|platforms|companies)\b",
)
_EXPERTISE_WEAK = _rx(
    _ROLE_CLAIM,
    r"\bi(?:'m| am) (?:very |pretty |quite |deeply )?familiar with (?:all )?(?:of )?(?:this|that"
    r"|the basics|these concepts|the fundamentals|the process|how this works)\b",
    r"\bi(?:'m| am) (?:a |an |the )?" + _TECH_TITLE + r"\b"
    r"(?!\s+by\s+(?:training|background|trade|education))(?!.*\bbut\b)",
    r"\bi(?:'m| am) (?:very |pretty |quite |highly )?technical\b",
    r"\b(?:\d+|many|several|fifteen|ten|twenty) years (?:of )?(?:experience|in (?:the industry"
    r"|software|tech))\b",
    r"\bbeen (?:building|shipping|doing|writing|coding|designing) [\w\s]{1,30}? for (?:\d+"
    r"|many|several|over|a decade|decades)",
    r"\b(?:let's|lets) get into the (?:details|nitty[- ]gritty|specifics)\b",
    r"^\s*(?:ex-?\w*\s+|former\s+|senior\s+|staff\s+)*(?:sre|swe|engineer|dev|developer|cto"
    r"|architect|pm|eng)\s+here\b",
    r"\b(?:ex|former)[- ](?:faang|google|meta|facebook|amazon|apple|microsoft|netflix|stripe"
    r"|shopify|uber|airbnb|pm|cto|engineer|founder)\b",
    r"\bi(?:'m| am) (?:pretty |very |quite |fairly )?(?:senior|experienced|seasoned)\b",
    r"\bi (?:wrote|built|architected|designed) (?:most of |all of |much of )?(?:our|the|this)"
    r" (?:current )?(?:platform|stack|backend|system|codebase|infra)\b",
    r"\b(?:i've been|been) (?:building|doing|working on|shipping) [\w\s-]{1,40}? for (?:a decade"
    r"|decades|\d+ years|years|over)\b",
    r"\b(?:i was|i've been|i've) (?:a |the )?(?:head of|vp of|director of|lead) [\w ]{1,20}?"
    r"(?:for|at) \w",
    r"\b(?:i(?:'ve| have)? )?run product at\b",
    r"\b(?:i'm|i am) technical\b",
    r"\b(?:cto|engineering|technical) background\b",
)

_REDIRECT_SUBJECT = (
    r"(?:let's|lets|let us|can we|could we|can you|could you|shall we|i'd like to|i would like to"
    r"|i (?:really |just |also |still |do |actually )?(?:want|need|have) to|i wanna|i'd rather"
    r"|i would rather|we need to|let me|how about we|maybe we can|i'd prefer to|we should"
    r"|we could|i'd (?:really )?love to|i'd want to|we have to|we gotta|i'd like us to|we must"
    r"|can i|could i|i (?:really )?want us to|i'd (?:really )?like to|i'd prefer we|i think we"
    r" should|we'd better|i'd better|it'd be (?:good|better|best) to|it would be (?:good|better"
    r"|best) to|i'm (?:keen|eager|hoping) to|i was hoping (?:to|we could)"
    # a subject dropped at a clause start: "want to settle that first", "need to cover security"
    r"|(?:(?<![\s\S])|(?<=[,.;:!?—–] )|(?<=[,.;:!?—–]))(?:(?:but|so|and|also|ok|okay|honestly"
    r"|really|now)\s+)?(?:want|wanna|need|would like|prefer|hoping|keen) to)"
)
_REDIRECT_VERB = (
    r"(?:(?:now |instead |first |quickly |also )?(?:talk|chat|think) (?:about|through)"
    r"|discuss|focus (?:on|more on)|move (?:on )?(?:to|onto)|go (?:back )?to|come back to"
    r"|circle back to|return to|jump (?:ahead )?to|skip (?:ahead )?to|switch (?:over )?to"
    r"|get into|dive into|turn to|cover|look at|go over|go into|revisit|get to|address"
    r"|shift to|touch on|get back to|switch gears (?:to|and)|decide (?:on )?|walk (?:me "
    r"|us )?through|map out|nail down|pin down"
    r"|figure out|work out|sort out|hash out|flesh out|define|settle|spend (?:some )?time on"
    r"|(?:talk|chat)(?! (?:to|with|about|through)\b)|prioriti[sz]e|go through|lock down|dig into"
    r"|list|run through|lay out|outline|brainstorm|work through|review|explain|describe"
    r"|tell you (?:about|what)|(?:start|begin) (?:with|by|on)(?= (?:the|what|how|who|why|where"
    r"|which|talking|discussing|covering|looking|going|figuring|defining|mapping|our|your)\b)"
    r"|walk you through"
    r"|show you|unpack|zoom in on|get clear on|clear up|deal with|tackle|do (?=(?:that|this|it"
    r"|those|these) (?:now|first|next|instead|today)\b))"
)
_REDIRECT = _rx(
    r"\b" + _REDIRECT_SUBJECT + r"\s+(?:\w+\s+){0,2}?" + _REDIRECT_VERB + r"\b(?P<a>.*)",
    r"^\s*(?:\w+[,!]?\s+){0,2}?(?:now\s+)?(?:move on to|moving on to|switch(?:ing)? to|jump to"
    r"|back to|skip to|on to|next up:?|next:|what about|how about|and what about|talk about"
    r"|discuss|focus on|switching gears,?|changing (?:the )?subject,?|different"
    r" topic:?|more (?:urgent|important|pressing)(?:ly)?\s*[:,—–-]|first things first\s*[:,—–-]?"
    r"|(?:but |and )?(?:the )?(?:bigger|more urgent|more important|real|actual) (?:question|thing"
    r"|priority|issue) (?:for me )?is)(?P<b>.*)",
)
_REDIRECT_NOT_ANSWER = re.compile(r"^\s*(?:we|it|they|users?)\b")
# "before the platform stuff", "instead of screens": a topic being left, not the one asked for.
_AWAY_FROM = re.compile(
    r"\b(?:before|instead of|rather than|other than|enough (?:about|of|on)|forget(?: about)?"
    r"|not|besides|apart from|skip(?:ping)?|after)\s+(?:the |all the |this |that |your |our )?"
    r"[^,.;:!?—–()]*?(?=\s*(?:[,.;:!?—–()]|\s-\s|$))"
)
_ANAPHOR = re.compile(r"\s*(?:that|this|it|those|these)\b(?! (?:is|are|was|'s)\b)")
_DEFERRED = re.compile(r"\b(?:later|another time|tomorrow|next (?:time|week|session)|some other)\b")

_DONT_KNOW = _rx(
    r"\bi\s+(?:really\s+|honestly\s+|just\s+|truly\s+|genuinely\s+)?(?:don't|dont|do not|do n't)"
    r"\s+(?:really\s+)?know\b",
    r"^\s*(?:(?:honestly|genuinely|really|truly|just|sorry|hmm+|um+|uh+|ok|okay|well|i)[,.]?\s+)?"
    r"(?:don't|dont|do not) (?:really |honestly )?know\b",
    r"\b(?:no|zero) (?:idea|clue)\b",
    r"\b(?:not|never) (?:really |too |totally |entirely |100% )?sure\b",
    r"\bunsure\b",
    r"\bdunno\b",
    r"\bidk\b",
    r"\bbeats me\b",
    r"\bwho knows\b",
    r"\b(?:haven't|have not|hadn't|didn't) (?:really )?(?:thought|decided|considered|figured)"
    r"(?: about)?(?: that| it| this)?(?: yet| out)?\b",
    r"\bno (?:preference|opinion|strong (?:opinion|preference|feelings))\b",
    r"\b(?:don't|dont|do not) (?:care|mind)\b",
    r"\b(?:not|un)decided\b",
    r"\bhard to say\b",
    r"\bcan't say\b",
    r"\bi have no (?:idea|clue)\b",
    r"\bnot a clue\b",
    r"\b(?:not something|nothing) (?:i've|i have|we've|we have) (?:really )?(?:figured out|thought"
    r" about|thought through|decided|considered|looked into)\b",
    r"\b(?:haven't|have not|hadn't|didn't|never) (?:really |honestly )?(?:gotten|got|gone|thought)"
    r" (?:that far|this far|about it|about that)\b",
    r"\b(?:i )?(?:honestly |really )?(?:haven't|have not) (?:a clue|the foggiest|any idea)\b",
    r"\b(?:couldn't|can't|cannot) (?:really )?tell you\b",
    r"\b(?:can't|cannot|can not) answer (?:that|this|it)(?: one)?(?: yet| right now)?\b",
    r"\b(?:that's|it's|that is) (?:more )?(?:a question for|one for|something for) (?:my|our|the)"
    r" \w+",
    r"\b(?:no|zero) (?:strong )?(?:opinion|preference|view)s?\b",
    r"^\s*(?:pass|skip|next)\s*(?:$|[,.!—–-])",
    r"\b(?:not|no) (?:my|our) (?:area|department|expertise|thing)\b",
    r"[\U0001F937]",
    r"\bno (?:earthly |real )?idea\b",
    r"\b(?:i'm|i am) (?:clueless|not the right person)\b",
    r"^\s*(?:you(?:'d| would)? (?:have to|need to|should) )?(?:ask|check with) (?:my"
    r"|our) (?:co-?founder"
    r"|cto|team|partner|boss|developer|dev|engineer|accountant|business partner)\b",
    r"\b(?:i'd|i would|i'll|i will|i need to|i have to|i'd need to|i gotta|i'll need to)"
    r" (?:have to )?(?:ask|check with|run (?:it|that) by) (?:my|our|the) (?:co-?founder|cto|team"
    r"|partner|boss|developer|dev|engineer|accountant|lawyer|business partner|tech person)\b",
    r"\bi have no (?:earthly )?(?:idea|clue|opinion)\b",
    r"\b(?:above|beyond|over|outside) my (?:pay ?grade|head|expertise|knowledge|depth"
    r"|wheelhouse)\b",
    r"\bout of my (?:depth|league|wheelhouse)\b",
    r"\b(?:that's|it's|that is|this is|thats) (?:beyond|lost on) me\b",
    r"\b(?:i'm|i am) (?:not|no) (?:the right person|an expert|expert) (?:to ask|for|on|here)\b",
    r"\b(?:i'm|i am) (?:lost|stumped|blanking|drawing a blank) (?:here|on (?:this|that))\b",
    r"\b(?:i )?(?:haven't|have not) (?:the (?:slightest|faintest|foggiest)(?: idea)?)\b",
    r"\bno (?:freaking |bloody |damn )?(?:idea|clue)\b",
)
# "assume a reasonable markup of 20%" names the figure: an answer, not a delegation
_NO_FIGURE = r"(?!(?:\s+\w+)?\s+(?:(?:of|at|around|like|about)\s+)?[~$£€]?\d)"
_DELEGATE = _rx(
    r"\b(?:just )?(?:assume|pick|choose|guess|use|go with|put|plug in|estimate|take)(?: us)?"
    r" (?:a |an |some |the )?(?:reasonable|sensible|typical|normal|standard|realistic|conservative"
    r"|ballpark|rough|average|default|common|plausible|industry)" + _NO_FIGURE + r"(?: \w+)?\b",
    r"\b(?:use|go with|assume|take) (?:the )?(?:industry|market|typical|standard) (?:averages?"
    r"|standards?|norms?|benchmarks?|numbers?)" + _NO_FIGURE + r"\b",
    r"\byou (?:pick|choose|decide|tell me|figure it out)\b",
    r"\byour (?:call|choice|pick)\b",
    r"\bup to you\b",
    r"\bwhatever (?:you |you'd |you would )?(?:\w+ )?(?:think|want|recommend|suggest|prefer|like"
    r"|works|is best|makes sense)\b",
    r"\b(?:i'll|i will) leave (?:it|that|this) (?:up )?to you\b",
    r"\bsurprise me\b",
    r"\bpick (?:something|one|whatever|for me|the best)\b",
    r"\byou're the expert\b",
    r"\b(?:either|any|both) (?:is|are|works?|one is) fine\b",
    r"\b(?:doesn't|does not) matter(?: to me)?\s*$",
    r"\bmake (?:a|an) (?:assumption|guess|educated guess)\b",
    r"\buse your (?:judgement|judgment|best guess)\b",
    r"\b(?:go with|use|pick|choose) (?:your|the|whatever's|whatever is|a|the most)"
    r" (?:best guess|usual|default|standard|common|typical|sensible|reasonable|normal|most common)"
    r"(?: \w+)?\b",
    r"\b(?:just )?(?:assume|make up|pick|choose|guess) (?:something|anything|whatever)"
    r"(?: \w+)?(?: for now)?\b",
    r"\bwhatever(?:'s| is)? (?:standard|normal|typical|usual|common|default|easiest|simplest"
    r"|most (?:apps|people|products|companies|startups) (?:do|use|have))\b",
    r"\b(?:defaults?|the usual|standard) (?:is|are|would be|sounds) (?:fine|ok|okay|good|great)\b",
    r"\b(?:leave|leaving) (?:it|that|this)(?: one| part| bit)? (?:up )?to you\b",
    r"\b(?:can you|could you|you can|just) (?:fill (?:it|that|this) in|fill in the (?:blanks|gaps)"
    r"|decide|figure (?:it|that) out|come up with something)\b",
    r"\byou(?:'re| are) the expert\b",
    r"\bwhat (?:would|do) you (?:recommend|suggest)\s*\??\s*$",
    r"\bdealer's choice\b",
    r"(?:^|[,.;:!?—–]\s*|\bjust\s+|\bthen\s+)(?:default|defaults)(?: it| that| this| them"
    r"| everything)?\s*(?:$|[,.!])",
    r"\b(?:just )?(?:use|go with|pick|assume|take) (?:the )?(?:defaults?|usual(?: ones| stuff)?"
    r"|whatever's usual|what's usual|the norm|sane defaults|sensible defaults)\b",
    r"\b(?:assume|use|pick|go with|take) (?:the |whatever |what )?(?:usual|common|typical|standard"
    r"|normal)(?:'s| is)? (?:ones|stuff|things|options|choices|setup|set)\b",
    r"\b(?:happy|fine|ok|okay|glad|content) (?:to|if you|with you) (?:go with|use|take|follow"
    r"|going with|decide|pick|choose)(?: whatever| what)? (?:your|you) ?(?:suggest(?:ion)?"
    r"|recommend(?:ation)?|pick|call|choice|judg(?:e)?ment|think|default)",
    r"\b(?:go|going) with (?:your|whatever you) (?:suggest(?:ion)?|recommend(?:ation)?|pick"
    r"|call|choice|judg(?:e)?ment|think|default)\b",
    r"\b(?:figure|work) out (?:what|whatever|which)(?: \w+)? (?:makes sense|works|is best|fits)\b",
    r"\bopen to (?:your )?(?:suggestions|recommendations|ideas)\b",
    r"\b(?:i )?trust (?:you|your (?:judg(?:e)?ment|call|instincts))\b",
    r"\b(?:you|u) (?:can )?(?:decide|choose|pick)(?: for (?:me|us))?\s*(?:$|[,.!])",
)
_COMPLEMENT = re.compile(
    r"^\s*(?:yet\s+|really\s+|exactly\s+|for sure\s+|about\s+)?(?:how|what|which|whether|if"
    r"|when|where|who|why)\b"
)

_NEG_COPULA = (
    r"(?:isn't|isnt|is not|wasn't|wasnt|was not|aren't|arent|are not|weren't|were not|it's not"
    r"|its not|they're not|theyre not)"
)
# Frames that say which earlier statement is being fixed; `subj` names its topic.
_CORRECTED_SUBJECT = (
    re.compile(
        r"\bwhat (?:i|we) (?:said|told you|mentioned|wrote|put down|gave you)(?: earlier| before)?"
        r" (?:about|re|regarding|on|for) (?P<subj>[^,.;!?]{1,40}?)(?: earlier| before| previously)?"
        r" (?:was|is|were) (?:a bit |totally |completely |way |slightly )?(?:off|wrong|not (?:quite"
        r" )?right|inaccurate|misleading|incorrect|not accurate|outdated|out of date)\b"
    ),
    re.compile(
        r"\byou(?:'ve| have)? (?:assumed|assume|thought|figured|seem to think|are assuming"
        r"|'re assuming|took it that|got the impression) (?:that )?(?P<subj>[^,.;!?—–]{1,50}?)"
        r"\s*(?:[,.;—–]|\s-\s)?\s*(?:but\s+)?(?:they(?:'re| are)?|it(?:'s| is)?|that(?:'s| is)?"
        r"|we(?:'re| are)?|he(?:'s| is)?|she(?:'s| is)?|theyre|its|thats)\s*(?:not|isn't|isnt"
        r"|aren't|arent|wasn't|weren't|n't|(?:actually|really) (?!not\b)|more like|closer to"
        r"|doesn't|does not|don't|do not|didn't|won't|can't|never|no longer)\b"
    ),
    re.compile(
        r"\byou(?:'ve| have)? (?:summari[sz]ed|described|wrote(?: down)?|written(?: down)?|put"
        r"(?: down)?|noted|listed|framed|captured|recorded|characteri[sz]ed|labell?ed|logged"
        r"|have|had|got) (?:down )?(?P<subj>[^,.;!?—–]{1,50}?) as\b"
    ),
    re.compile(
        r"(?:^|[,.;:!?—–]\s*)(?P<subj>(?:the|our|my|their|your)\s+(?:[\w'-]+\s+){0,3}?[\w'-]+)"
        r"\s+" + _NEG_COPULA + r"\b"
    ),
    re.compile(r"\bi said\s+(?P<subj>.{1,40}?)\s+(?:earlier\s+|before\s+)?but\b"),
)
_PEOPLE = re.compile(
    r"\b(?:\w+(?:ers|ists|ians|ees|ants|ents|ors)|admins?|staff|people|folks|professionals"
    r"|retirees|seniors|kids|teens|families|moms|dads|agencies|firms|teams|smbs|owners|gps"
    r"|users|customers|clients|students|parents|patients|farmers|freelancers)\b"
)
_NOT_PEOPLE = frozenset(
    str.split(
        "numbers orders answers papers layers servers folders filters headers containers markers"
        " letters offers others members' errors vendors' sensors monitors colors doors floors"
        " hours tutors' segments documents payments investments apartments elements comments"
        " events contents assignments departments statements requirements components"
        " shipments appointments amounts accounts reports imports exports features"
    )
)
_NOT_BUT_VALUE = re.compile(
    r"\b" + _NEG_COPULA + r"\s+(?:really\s+|just\s+|about\s+)*(?P<previous>[^,;.!?—–]{1,60}?)\s*"
    r"(?:[,;.—–]|\s-\s)\s*(?:but\s+)?(?:it's|its|it is|they're|theyre|they are|it was|that's"
    r"|we're)\s+(?:really\s+|actually\s+|more\s+)?(?:about\s+)?(?:that\s+)?(?P<value>[^,;.!?]+)"
)
_AFTER_NOT = re.compile(
    r"\b(?:they(?:'re| are)?|it(?:'s| is)?|theyre|its) (?:not|isn't|aren't)\s*[,;.—–]\s*"
    r"(?:but\s+|actually\s+|in fact\s+)*(?P<value>[^,;.!?]+)"
)
_SAID_BUT = re.compile(
    r"\bi said\s+(?P<previous>.{1,40}?)\s+(?:earlier\s+|before\s+)?but\s+(?:it's\s+|its\s+"
    r"|it is\s+|they're\s+|theyre\s+|they are\s+)?(?:really|actually|in fact)\s+(?:it's\s+|its\s+"
    r"|it is\s+|they're\s+|they are\s+)?(?P<value>[^,;.!?]+)"
)
_RELATIVE = re.compile(r"\s+(?:who|that|which)\b.*$")
_AGE = re.compile(r"\b(?:over|under|aged?|older than|younger than|in their)\s+\d{2}s?\b")
_STRONG_CORRECTION_FRAMES = _CORRECTED_SUBJECT[:3]
_STRONG_CORRECTION = _rx(
    r"^\s*no(?:\s*,?\s*no)+\s*(?:[,.!—–]|\s-\s)",
    r"^\s*(?:(?:ok|oh|and|also|one)\s+)?(?:a\s+)?(?:small|quick|minor|tiny|slight|one) (?:fix"
    r"|tweak|amendment|clarification|edit|update)\s*(?:[:—–,]|\s-\s)",
    r"\byou(?:'ve| have)? got (?:it|that|this|me) (?:all )?(?:wrong|backwards|mixed up)\b",
    r"\bcorrection\b",
    r"\bscratch that\b",
    r"\bi misspoke\b",
    r"\bmy (?:bad|mistake)\b",
    r"\blet me (?:correct|rephrase|clarify)\b",
    r"\bto clarify\b",
    r"\bi meant\b",
    r"\bi mean(?=[,:]|\s+(?:it|the|we|they|for))",
    r"\bthat's (?:wrong|not right|incorrect)\b",
    r"\bthat was wrong\b",
    r"\bno wait\b",
    r"\bwait,? no\b",
    r"\bi said .{1,40}? but\b",
    r"\bnot what i meant\b",
    r"\bi got that wrong\b",
    r"\bcorrecting myself\b",
    r"\bi should have said\b",
    r"\bupdate:",
    r"\b(?:scratch|ignore|forget|disregard) (?:what i said|that|my (?:last|previous) (?:answer"
    r"|message))\b",
    r"\b(?:you|i think you|you've|you have|i think you've) (?:misunderstood|misread|got (?:it|that"
    r"|me) wrong|got the wrong idea|have the wrong idea|misheard)\b",
    r"\b(?:that's|that is|thats) not (?:quite )?(?:right|correct|accurate|it|what i"
    r" (?:said|meant))\b",
    r"^\s*not (?:quite|exactly|really)\s*(?:[,:;.!—–-]|\s-\s)",
    r"\b(?:let me|i need to|i should|i want to) (?:correct|fix|amend|walk back) (?:that|myself|what"
    r" i said|my (?:last )?answer)\b",
    r"\bi (?:was wrong|got it wrong|mixed (?:that|it|them) up)\b",
    r"\bi (?:said|put|wrote|explained|phrased|described) (?:that|it|this) (?:wrong|badly"
    r"|incorrectly|poorly)\b",
    r"\b(?:other way (?:round|around))\b",
)
_WEAK_CORRECTION = _rx(
    r"\bactually\b",
    r"^\s*(?:wait|oops|sorry|hmm|oh|hold on|hang on|one sec|erm)\b",
    r"^\s*(?:(?:ah|oh|uh|um|hmm|well|er|erm|wait)[,.]?\s+)?(?:no|nope|nah)\s*[,.!—–-].*?[\w)]"
    r"\s*,?\s+not\s+\w",
)
# "you'd think it's the price, but actually ...": a rhetorical contrast, not a fix.
_RHETORICAL = re.compile(
    r"\b(?:you'd|you would|you might|one would|one might|people|most people|everyone|anyone"
    r"|they|you may) (?:think|assume|expect|guess|imagine|say)\b"
)
_LEADING_NOT = re.compile(
    r"^\s*not (?!(?:\w+ )?(?:sure|certain|yet|now|really|quite|exactly|much|at all|a clue"
    r"|that)\b)(?:a |an |the )?[\w\s'/-]{1,40}?\s*(?:[,—–:;]|\s-\s|but\b)"
)
_CONTRAST = re.compile(
    r"(?P<value>[^,;.!?—–]*?)\s*(?:,\s*|\s)(?:not|instead of|rather than)\s+(?:just\s+|only\s+)?"
    r"(?P<previous>[^,;.!?—–]+)"
)
_LEADING_NOT_SPLIT = re.compile(
    r"^\s*not\s+(?!(?:\w+ )?(?:sure|certain|yet|now|really)\b)(?P<previous>[^,;.!?—–]+?)"
    r"\s*(?:[,;—–:]|\s-\s|\bbut\b)\s*(?P<value>.+)$"
)
_MEANT = re.compile(r"\bi (?:meant|mean|should have said)\b\s*(?:to say\s+)?(?P<value>.+)$")
_SAID = re.compile(r"\bi said\s+(?P<previous>.{1,40}?)\s+but\b")
_CUE_PREFIX = re.compile(
    r"^(?:\s*(?:actually|correction|scratch that|i misspoke|my (?:bad|mistake)|let me (?:correct"
    r"|rephrase|clarify)(?: that| myself)?|to clarify|sorry|oops|no wait|wait|no|hmm|oh|ok"
    r"|okay|so|update|nope|nah|not quite|not exactly|that's not (?:quite )?right|hold on"
    r"|hang on|one sec|ah|erm|um|uh"
    r"|i think you misunderstood|you misunderstood)\b\s*[,:;!.—–-]*\s*)+"
)
_ANCHOR = re.compile(
    r"\b(?:is|are|was|were|'s|'re|be|with|for|through|via|on|in|need|needs|uses?|using|means)\b\s+"
)
_VALUE_LEAD = re.compile(
    r"^(?:(?:for|to|be|a|an|the|just|only|mostly|mainly|actually|really|it's|it is|we're|on|in"
    r"|built|used|meant|going|with)\s+)+"
)
_VALUE_TRAIL = re.compile(r"\s+(?:too|as well|also|instead)\s*$|[\s,.;:!?—–\"'-]+$")
_FOR_WHOM = re.compile(r"\bfor\s+(?P<who>[a-z][\w\s'-]{1,40})")
_NUMBER = re.compile(r"\b\d[\d,.]*\s*(?:k|m|million|thousand|x)?\b")
_QUESTION_END = re.compile(r"\?\s*$")

_FILLER = frozenset(
    str.split(
        "a an the and or but so just really honestly tbh hmm um uh well like please pls thanks"
        " thank lol yes yeah yep no nope ok okay sure maybe perhaps probably i me my we us you your"
        " it it's this that these those is are was be to of for in on at with about what whatever"
        " think guess know idea clue pick decide call let's lets can could would should will do"
        " don't dont not any some something anything all much more very too now then there here"
        " still yet at least kind sort good question hm oh ah right fine great cool im i'm sounds"
        " go ahead we'd we'll we're they'd they're they'll i'd i'll need needs there here would"
    )
)
_SUBSTANCE_STRIP = (
    _IMPATIENCE_STRONG,
    _IMPATIENCE_FRAME,
    _FATIGUE,
    _EXPERTISE_STRONG,
    _EXPERTISE_WEAK,
    _DONT_KNOW,
    _DELEGATE,
    _STRONG_CORRECTION,
    _WEAK_CORRECTION,
    re.compile(r"\b" + _REDIRECT_SUBJECT + r"\s+(?:\w+\s+){0,2}?" + _REDIRECT_VERB + r"\b"),
)
_COLON_CONTENT = re.compile(r":\s*\w")
_PRIORITISE = re.compile(r"prioriti[sz]e")
_ESTIMATE = re.compile(
    r"\b(?:roughly|about|around|approximately|approx|probably|maybe|somewhere around|ballpark"
    r"|let's say|lets say|say|call it|guessing|guess|like|between|i'd say|likely|at least"
    r"|at most|under|over|up to)\s*~?[$£€]?\d"
    r"|~\s*[$£€]?\d"
)
_BUT_ANSWER = re.compile(
    r"^\s*(?:it's|it is|that|this|if|whether|exactly|about|on|regarding|how|what|which|when|who"
    r"|they|they'd|they'll|they're|we|we'd|we'll|he|she|the|our|their|anyone|people|users"
    r"|customers)"
    r"\b[^,;.!?]*[,;]?\s*but\s+(?P<answer>(?!i guess\b)[^?]+)$"
)
_PRIORITY: dict[SignalKind, int] = {
    "expertise": 6,
    "fatigue": 5,
    "impatience": 4,
    "correction": 3,
    "redirect": 2,
    "dont_know": 1,
    "none": 0,
}
_THRESHOLD = 0.5


def _third_party(normalized: str, start: int) -> bool:
    """True when the cue at `start` is said about someone else ("doctors are in a hurry").

    Also when it is the main clause of a condition on someone else ("if they answer no, jump
    straight to the end"): that describes what the product does, not what the speaker wants.
    """
    head = normalized[:start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    clause = head[breaks[-1].end() :] if breaks else head
    if _THIRD_PARTY.search(clause) is not None:
        return True
    sentence = re.split(r"[.;!?]", head)[-1]
    condition = _CONDITION.search(sentence)
    return condition is not None and _THIRD_PARTY.search(sentence, condition.end()) is not None


def _first_person_hit(pattern: re.Pattern[str], normalized: str) -> re.Match[str] | None:
    for match in pattern.finditer(normalized):
        if not _third_party(normalized, match.start()):
            return match
    return None


def _impatience(normalized: str) -> float:
    if _first_person_hit(_IMPATIENCE_STRONG, normalized) is not None:
        return 0.9
    if _first_person_hit(_IMPATIENCE_FRAME, normalized) is not None:
        return 0.9
    weak = _IMPATIENCE_WEAK.search(normalized)
    return 0.55 if weak is not None and weak.start() < 3 else 0.0


def _fatigue(normalized: str) -> float:
    if _first_person_hit(_FATIGUE, normalized) is not None:
        return 0.9
    return 0.8 if _first_person_hit(_FATIGUE_WEAK, normalized) is not None else 0.0


def _expertise(normalized: str) -> float:
    if _first_person_hit(_EXPERTISE_STRONG, normalized) is not None:
        return 0.95
    weak = _first_person_hit(_EXPERTISE_WEAK, normalized)
    if weak is None:
        return 0.0
    # a claim of expertise followed by a technical ask ("principal architect here. skip ...")
    return 0.95 if _TECHNICAL_ASK.search(normalized, weak.end()) else 0.65


def _first_clause(text: str) -> str:
    cut = re.search(r"[.;!?]|\bbecause\b|\bsince\b|\bso that\b", text)
    return text[: cut.start()] if cut else text


def _redirect(normalized: str) -> tuple[float, str | None]:
    match = _REDIRECT.search(normalized)
    if match is None or _third_party(normalized, match.start()):
        return 0.0, None
    tail = match.group("a") if match.group("a") is not None else match.group("b")
    topic = _target_topic(_first_clause(tail or ""))
    if topic is None and _ANAPHOR.match(tail or "") and not _DEFERRED.search(tail or ""):
        topic = _target_topic(normalized[: match.start()])  # "SOC2. can we cover that now"
    if _PRIORITISE.search(match.group(0)[: len(match.group(0)) - len(tail or "")]):
        topic = "feature_priorities"
    if topic is None or _COLON_CONTENT.search(tail or ""):
        return 0.0, None
    return (0.85 if match.group("a") is not None else 0.75), topic


def _target_topic(text: str) -> str | None:
    """The topic a redirect goes to: one named as left behind ("before the screens") only if
    no other is named."""
    return find_topic(_AWAY_FROM.sub(" ", text)) or find_topic(text)


def _dont_know(text: str, normalized: str) -> float:
    for pattern in (_DONT_KNOW, _DELEGATE):
        for match in pattern.finditer(normalized):
            if _third_party(normalized, match.start()):
                continue
            rest = normalized[match.end() :]
            if _COMPLEMENT.match(rest) and _answered_after(rest):
                continue  # "not sure how users will find us, probably SEO"
            if pattern is _DONT_KNOW and _answers_anyway(rest):
                continue
            return 0.6 if is_substantive(text) else 0.9
    return 0.0


_HEDGED_CLAUSE = re.compile(r"[^,;.!?—–()]*?(?=[,;.!?—–()]|\s-\s|\bbut\b|$)")


def _answered_after(rest: str) -> bool:
    """True when "I don't know how many X" is followed by an answer of its own ("..., but
    probably 10k"); not by nothing, a question back, or a delegation ("..., just assume one")."""
    clause = _HEDGED_CLAUSE.match(rest)
    tail = rest[clause.end() :] if clause else ""
    if _DELEGATE.search(tail) or _QUESTION_END.search(tail):
        return False
    return _has_content(tail) or _ESTIMATE.search(tail) is not None


def _answers_anyway(rest: str) -> bool:
    """ "not sure it's the same everywhere, but in our clinics the receptionist does intake" """
    if _ESTIMATE.search(rest):  # "don't know the exact number, roughly 40 vendors"
        return True
    but = _BUT_ANSWER.search(rest)
    return but is not None and len(words(but.group("answer"))) >= 4 and _has_content(but.group(0))


def _has_content(normalized: str) -> bool:
    return any(
        w.isdigit() or (len(w) > 1 and w not in _FILLER and stem_phrase(w) not in _TOPIC_INDEX)
        for w in words(normalized)
    )


def is_substantive(text: str) -> bool:
    """True when a message carries answer content beyond its signal ("not sure, maybe nurses?")."""
    normalized = expand_shorthand(normalize(text))
    remaining = normalized
    for pattern in _SUBSTANCE_STRIP:
        remaining = pattern.sub(" ", remaining)
    if remaining == normalized:  # no signal phrase: a bare "Stripe" or "iOS" is an answer
        return any(w.isdigit() or (len(w) > 1 and w not in _FILLER) for w in words(normalized))
    return _has_content(remaining)


def _span(text: str, normalized: str, part: str, start: int) -> str:
    index = normalized.find(part, start)
    return text[index : index + len(part)] if index >= 0 else part


def _clean_value(raw: str) -> str | None:
    clause = _first_clause(raw).strip()
    anchor = _ANCHOR.search(clause.lower())
    if anchor is not None and anchor.end() < len(clause):
        clause = clause[anchor.end() :]
    lead = _VALUE_LEAD.match(clause.lower())
    if lead is not None:
        clause = clause[lead.end() :]
    value = _VALUE_TRAIL.sub("", clause).strip(" \t\"'")
    return value or None


def _clean_previous(raw: str) -> str | None:
    lead = _VALUE_LEAD.match(raw.lower())
    value = _VALUE_TRAIL.sub("", raw[lead.end() :] if lead else raw).strip(" \t\"'")
    return value or None


def _correction_value(text: str, normalized: str) -> tuple[str | None, str | None]:
    prefix = _CUE_PREFIX.match(normalized)
    start = prefix.end() if prefix else 0
    body = normalized[start:]
    original = text[start : start + len(body)]
    meant = _MEANT.search(body)
    if meant is not None:
        said = _SAID.search(body)
        value, previous = _split_contrast(original[meant.start("value") :], meant.group("value"))
        if said is not None:
            previous = _clean_previous(original[said.start("previous") : said.end("previous")])
        return value, previous
    said = _SAID_BUT.search(body)
    if (
        said is not None
    ):  # "i said teachers earlier but it's really the school admins who'll use it"
        value = _RELATIVE.sub("", original[said.start("value") : said.end("value")])
        previous = original[said.start("previous") : said.end("previous")]
        return _clean_previous(value), _clean_previous(previous)
    fixed = _NOT_BUT_VALUE.search(body) or _AFTER_NOT.search(body)
    if fixed is not None:
        value = _clean_value(original[fixed.start("value") : fixed.end("value")])
        groups = fixed.groupdict()
        if groups.get("previous") is None:
            return value, None
        previous = _clean_previous(original[fixed.start("previous") : fixed.end("previous")])
        return value, previous
    leading = _LEADING_NOT_SPLIT.match(body)
    if leading is not None:
        previous = _clean_previous(original[leading.start("previous") : leading.end("previous")])
        return _clean_value(original[leading.start("value") :]), previous
    return _split_contrast(original, body)


def _split_contrast(original: str, lowered: str) -> tuple[str | None, str | None]:
    contrast = _CONTRAST.search(lowered)
    if contrast is None or not contrast.group("value").strip():
        return _clean_value(original), None
    value = _clean_value(original[contrast.start("value") : contrast.end("value")])
    previous = _clean_previous(original[contrast.start("previous") : contrast.end("previous")])
    return value, previous


def _names_people(normalized: str) -> bool:
    return any(m.group(0) not in _NOT_PEOPLE for m in _PEOPLE.finditer(normalized))


def _corrected_subject_topic(body: str) -> str | None:
    """The topic of the statement being fixed: "the main problem isn't X", "you assumed X"."""
    for frame in _CORRECTED_SUBJECT:
        match = frame.search(body)
        if match is None:
            continue
        subject = match.group("subj")
        topic = find_topic(subject)
        if topic is None and _names_people(subject):
            topic = "target_users"
        if topic == "target_users" and _NUMBER.search(_AGE.sub(" ", subject)):
            return "scale"  # "I said 1000 users but ..."
        if topic is not None:
            return topic
    return None


def _correction_topic(normalized: str) -> str | None:
    prefix = _CUE_PREFIX.match(normalized)
    body = normalized[prefix.end() :] if prefix else normalized
    subject = _corrected_subject_topic(body)
    if subject is not None:
        return subject
    matches = {topic for _, _, topic, _ in _topic_matches(body)}
    if _NUMBER.search(_AGE.sub(" ", body)) and matches <= {"target_users", "scale"} and matches:
        return "scale"
    topic = find_topic(body)
    if topic is None and (_FOR_WHOM.search(body) or _names_people(body)):
        return "target_users"
    return topic


def _named_topic(normalized: str) -> str | None:
    prefix = _CUE_PREFIX.match(normalized)
    return find_topic(normalized[prefix.end() :] if prefix else normalized)


def _correction(text: str, normalized: str, current_topic: str | None) -> _SignalDraft | None:
    industry = find_industry_correction(text)
    if industry is not None and _named_topic(normalized) is None:
        return "correction", 0.9, None, industry.value or None, industry.previous
    strong = _STRONG_CORRECTION.search(normalized) is not None or any(
        frame.search(normalized) for frame in _STRONG_CORRECTION_FRAMES
    )
    leading_not = _LEADING_NOT.match(normalized) is not None
    if not (strong or leading_not or _WEAK_CORRECTION.search(normalized)):
        return None
    if not strong and _RHETORICAL.search(normalized):
        return None
    if not strong and _QUESTION_END.search(normalized):
        return None
    topic = _correction_topic(normalized)
    if topic is None and not (strong or leading_not):
        return None
    value, previous = _correction_value(text, normalized)
    confidence = 0.85 if strong else 0.75 if leading_not else 0.7
    return "correction", confidence, topic or current_topic, value, previous


def _drafts(text: str, normalized: str, current_topic: str | None) -> list[_SignalDraft]:
    cues = expand_shorthand(normalized)
    redirect, redirect_topic = _redirect(cues)
    drafts: list[_SignalDraft] = [
        ("expertise", _expertise(cues), None, None, None),
        ("fatigue", _fatigue(cues), None, None, None),
        ("impatience", _impatience(cues), None, None, None),
        ("redirect", redirect, redirect_topic, None, None),
        ("dont_know", _dont_know(text, cues), None, None, None),
    ]
    correction = _correction(text, normalized, current_topic)
    if correction is not None:
        drafts.append(correction)
    return drafts


def rules_signal(text: str, current_topic: str | None = None) -> Signal:
    """The strongest signal the hand-written rules find, or kind "none"."""
    normalized = normalize(text)
    if not normalized.strip():
        return Signal()
    best = max(_drafts(text, normalized, current_topic), key=lambda d: (d[1], _PRIORITY[d[0]]))
    kind, confidence, topic, value, previous = best
    if confidence < _THRESHOLD:
        return Signal()
    return Signal(kind=kind, confidence=confidence, topic=topic, value=value, previous=previous)


# Cues the rules match yet rejected when they answer "none": a guard (third person, "I don't
# know X but Y", ...) vetoed them, and the model may not overrule that.
_GUARDED_CUES = (
    _IMPATIENCE_STRONG,
    _IMPATIENCE_FRAME,
    _FATIGUE,
    _FATIGUE_WEAK,
    _EXPERTISE_STRONG,
    _EXPERTISE_WEAK,
    _DONT_KNOW,
    _DELEGATE,
    _STRONG_CORRECTION,
)
_SPEAKER = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|myself|you|your|you're|let's)\b")


def _guarded(cues: str) -> bool:
    """True when the rules matched a cue and then rejected it, e.g. as said about others."""
    if any(pattern.search(cues) for pattern in _GUARDED_CUES):
        return True
    redirect = _REDIRECT.search(cues)
    return redirect is not None and _third_party(cues, redirect.start())


_OTHERS_ROLE = re.compile(
    r"\b(?:our|their|the|a|an|my|his|her|your|whose)\s+(?:[\w-]+\s+){0,2}?" + _TECH_TITLE + r"\b"
)
_SELF = re.compile(r"\b(?:i|i'm|i've|me)\b")


def _about_others(cues: str, kind: str) -> bool:
    """True for a message about someone else ("drivers are exhausted"), not the speaker."""
    if kind == "expertise" and _OTHERS_ROLE.search(cues) and not _SELF.search(cues):
        return True  # "our CTO here handles the infra"
    return _THIRD_PARTY.search(cues) is not None and _SPEAKER.search(cues) is None


def second_opinion(
    text: str,
    probabilities: dict[str, float],
    threshold: float,
    current_topic: str | None = None,
    *,
    check_cues: bool = True,
) -> Signal:
    """The model's kind for a message the rules call "none", if it is confident enough.

    The model never overrules a guard, nor speaks for a message about someone else, and a
    redirect it finds needs a topic the rules can name. `check_cues=False` skips the guard
    check on cues the rules rejected (for evaluation on rows the rules are pretending to miss).
    """
    normalized = normalize(text)
    cues = expand_shorthand(normalized)
    kind = max(SIGNAL_KINDS[1:], key=lambda k: probabilities.get(k, 0.0))
    confidence = probabilities.get(kind, 0.0)
    if confidence < threshold or not cues.strip() or _about_others(cues, kind):
        return Signal()
    if check_cues and _guarded(cues):
        return Signal()
    confidence = round(min(1.0, confidence), 4)
    if kind == "redirect":
        topic = _target_topic(_first_clause(cues)) or _target_topic(cues)
        if topic is None:
            return Signal()
        return Signal(kind=kind, confidence=confidence, topic=topic)
    if kind == "correction":
        topic = _correction_topic(normalized)
        if (
            _QUESTION_END.search(normalized)
            or (topic is None and _WEAK_CORRECTION.search(normalized))
            or _RHETORICAL.search(normalized)
        ):
            return Signal()  # as the rules: a question, or a weak cue without a topic
        value, previous = _correction_value(text, normalized)
        topic = topic or current_topic
        return Signal(kind=kind, confidence=confidence, topic=topic, value=value, previous=previous)
    return Signal(kind=kind, confidence=confidence)


def detect_signal(text: str, current_topic: str | None = None) -> Signal:
    """The strongest escape or correction signal in a user message, or kind "none".

    The rules decide; where they find nothing, a small trained model gets a second opinion.
    """
    rules = rules_signal(text, current_topic)
    if rules.kind != "none" or MODEL is None:
        return rules
    return second_opinion(text, MODEL.probabilities(text), MODEL.threshold, current_topic)
