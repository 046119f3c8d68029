"""Every user-facing text of the chat core, in one place (adapters only format them)."""

from __future__ import annotations

APOLOGY = "Sorry, something went wrong on my side. Please try again in a minute (error {error_id})."
REFUSAL = (
    "Sorry, /digest is for the hiring team only, in a private chat with me. "
    "If you need a digest, please ask one of the recruiters."
)
RECRUITERS_ONLY = "Sorry, that is for the hiring team only."
GROUP_SUBSCRIPTION_REFUSAL = (
    "Sorry, only an admin of this group, the member who subscribed it, or a recruiter can "
    "change its subscription."
)
ASK_USAGE = "Ask me about the role, for example: /ask what's the salary?"
CHOOSE_ROLE = "Which role would you like to ask about?"
NO_ROLES = "No roles are loaded."
UNKNOWN_BUTTON = "This button has expired: please ask again."
UNKNOWN_COMMAND = "I don't know the command /{command}. Try /help."
BAD_ARGUMENTS = "Could not read the arguments: {error}"
NO_OPENINGS = "No open roles right now."
NO_OPENINGS_MATCHING = "No open roles match “{filter}”."
OPENINGS = "Open roles"
OPENINGS_MATCHING = "Open roles matching “{filter}”"

PRIVACY_NOTICE = (
    "Privacy: I keep your questions and my answers for {days} days under a pseudonym to "
    "improve answers; /mydata shows them and /forget erases everything about you."
)
NOTHING_STORED = "I store nothing about you."
FORGET_CONFIRM = (
    "This erases everything I store about you: your questions, my answers, your feedback "
    "and subscriptions of your private chat. It cannot be undone. Erase it?"
)
FORGET_BUTTON = "Yes, erase everything"
FORGOTTEN = "Done: I erased {summary}. I no longer know anything about you."
NO_LOG = "I don't keep a log of questions here, so there is nothing to erase or show."

FEEDBACK_THANKS = "Thanks for the feedback!"
FEEDBACK_SORRY = (
    "Sorry that didn't help. I've passed your question to the hiring team so the answer "
    "improves. Want a person? Use /human."
)
FEEDBACK_GONE = "That answer is no longer in my log, but thanks!"

HELP = (
    "I answer questions about our open roles, using only what the job posting says.\n\n"
    "Just write your question (in a group, mention me or reply to me), or use:\n"
    "/start – welcome and topics\n"
    "/ask <question> – ask about the role\n"
    "/role – choose which role you're asking about\n"
    "/openings [filter] – list open roles\n"
    "/subscribe [filters] – get a digest of new openings here\n"
    "/unsubscribe – stop the digest\n"
    "/human – talk to a person from the hiring team\n"
    "/mydata – what I store about you; /forget – erase it\n"
    "/help – this message"
)

HUMAN_BUTTON = "🙋 Talk to a person"
NO_HANDOFF = (
    "I can't hand this chat to a person here. Please contact the hiring team directly "
    "(the posting names how)."
)
HANDOFF_STARTED = (
    "OK, I've asked the hiring team to reply here. Until they do (or for {hours} hours) "
    "I'll stay quiet in this chat."
)
HANDOFF_REQUEST = (
    "🙋 A candidate on {platform} asks for a person (handoff #{id}).\n"
    "Their question: {question}\n"
    "{history}\n"
    "Reply in this thread and I'll pass it on; reply “close” to end the handoff."
)
HANDOFF_NO_HISTORY = "(no earlier questions in this chat)"
HANDOFF_HISTORY = "My last answers:"
CANDIDATE_SAYS = "Candidate: {text}"
FROM_RECRUITER = "From the hiring team: {text}"
HANDOFF_CLOSED = "Handoff #{id} closed: the bot answers this candidate again."
HANDOFF_CLOSED_CANDIDATE = (
    "The hiring team has closed this conversation. Ask me anything about the role again!"
)
CLOSE_WORDS = frozenset({"close", "/close", "closed", "done"})

NO_INBOX = "The inbox is not available here."
INBOX_EMPTY = "The inbox is empty: every question got a confident answer."
INBOX_HEADING = "Questions I could not answer well (most asked first):"
INBOX_HOWTO = "Answer one with /answer GROUP_ID your answer, or /dismiss GROUP_ID."
ANSWER_USAGE = "Use /answer GROUP_ID your answer, e.g. /answer 3 Yes, there is a gym."
DISMISS_USAGE = "Use /dismiss GROUP_ID, e.g. /dismiss 3."
