"""defence-qa-bot: answers questions about Japan's defence budget, OSA and export rules.

The core (fact base, matcher, answer service) knows nothing about chat platforms;
the adapters in `bot.adapters` translate between a platform and `AnswerService`.
"""

from bot.answers import AnswerService
from bot.conversation import Conversations
from bot.knowledge import FactBaseError, load_fact_base
from bot.models import Answer, FactBase

__version__ = "0.1.0"
"""The package version (pyproject.toml reads it from here; `python -m bot --version` prints it)."""

__all__ = ["Answer", "AnswerService", "Conversations", "FactBase", "FactBaseError", "__version__", "load_fact_base"]
