"""The scheduling engine: delivers what bot.scheduling writes, on time and once.

`engine.Engine` does the work (claim due occurrences, compose, send, record) and is driven
directly by tests with a FakeClock; `runner.SchedulerRunner` drives it from APScheduler in
the bot's asyncio loop; `leader` decides which instance is the active one.
"""
