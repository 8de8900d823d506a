"""Writing project data out (CSV, later Word and REFI-QDA).  Qt-free."""
