"""Tables shared with the R package (R reads this folder with data())."""
