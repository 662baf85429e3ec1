"""``hiring-clarity serve``: the app over SSH (asyncssh) or in a browser (textual-serve).

One app process per connection, each on its own pseudo-terminal (SSH) or websocket (browser):
Textual's settings are per process, and a process per person is also what keeps one person's
crash or dropped link from touching anyone else. The server process itself never imports
Textual.
"""
