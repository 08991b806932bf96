"""Typed records exchanged between baocao's stages (pure pydantic, no I/O)."""
