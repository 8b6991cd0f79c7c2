library(testthat)
library(gentlenn)

test_check("gentlenn")
