"""Assignment: who works on an issue (分管), and the clocks."""
