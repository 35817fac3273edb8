"""Production settings for the chat load target: every bench client connects from one loopback
address, standing in for hundreds of customers, so the per-address chat limits (which would refuse
it after 60 messages a minute) are lifted; the per-person limits stay."""

from site_project.settings.production import *  # noqa: F403
from site_project.settings.production import CHAT_RATE_LIMITS

CHAT_RATE_LIMITS = {kind: (per_person, 10**9, window) for kind, (per_person, _, window) in CHAT_RATE_LIMITS.items()}
