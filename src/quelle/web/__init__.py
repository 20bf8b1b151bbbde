"""Server-rendered pages for people: search, a document's report, statements, stories."""
