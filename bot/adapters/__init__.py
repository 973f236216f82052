"""Platform adapters: each turns a platform's events into AnswerService calls and back.

Only modules in this package may import a chat-platform library, and they do so
lazily, so the command line and the core start without them.
"""
