"""Language: text → syllables and numbers with their spans → rule matches (spaCy over
underthesea's syllable tokens). Imports only places (name keys) and schemas."""
