"""From decoded text or HTML to an Article: base text, boilerplate spans, title."""
