"""Plain mode: the assessment as line prompts on stdin/stdout, for screen readers, Braille
displays, dumb terminals and scripts. Plain Python over the core: it never imports Textual."""
