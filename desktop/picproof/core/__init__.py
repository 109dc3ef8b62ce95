"""Pure domain and algorithms. Never imports PySide6, sqlite3, httpx or reportlab."""
