"""The rules of extraction, kept as data: one JSON object per line in each `*.jsonl` here."""
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent
