"""An issue's full record (档案记录): who reported it, when, what, by which channel, its photos by
reference and every step after — to read as JSON or print, for the people who answer for it."""
