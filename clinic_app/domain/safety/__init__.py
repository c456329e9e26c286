"""Safety: red-flag screening, the one red-flag statement, imaging prompts."""
