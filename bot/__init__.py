"""defence-qa-bot: answers questions about Japan's defence budget, OSA and export rules.

The core (fact base, matcher, answer service) knows nothing about chat platforms;
the adapters in `bot.adapters` translate between a platform and `AnswerService`.
"""

from bot.answers import AnswerService
from bot.conversation import Conversations
from bot.knowledge import FactBaseError, load_fact_base
from bot.models import Answer, FactBase

__all__ = ["Answer", "AnswerService", "Conversations", "FactBase", "FactBaseError", "load_fact_base"]
