"""The corpus tools beside the stages: the sample generator (`generate`, with `figures`,
`compose`, `reports`, `docxwriter`) and `evaluate`, which scores a corpus against its
truth.json. They use the stages; no stage imports them."""
