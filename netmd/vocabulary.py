"""The values of the method's choice fields (SPEC §2), as plain tuples.

The schema checks notes against them and the command line offers them as choices; this
module imports nothing, so the command line can use it and still start fast.
"""

LISTS = ("A", "B", "C")
STATUSES = ("active", "paused", "archived")
ORGANIZATION_STAGES = ("researching", "networking", "applied", "interviewing", "offer", "closed")
MEETING_KINDS = ("information", "referral", "interview", "social", "call", "email", "event", "coffee", "message")
MEETING_STATUSES = ("planned", "held", "cancelled")
LOG_KINDS = ("call", "email", "coffee", "message")  # `netmd log --kind`
PURPOSES = ("validate", "gather-info", "advice", "plant-seeds", "referrals")
MARKETS = ("formal", "informal")
OPPORTUNITY_STAGES = ("lead", "applied", "interviewing", "offer", "accepted", "rejected", "withdrawn")
