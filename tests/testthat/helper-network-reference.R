# An independent plain-R reference of the book's network: the forward pass and one training step
# in a few lines of %*%. The tests check the Python core against it (pytest sources it too).
ref_sigmoid <- function(x) 1 / (1 + exp(-x))

ref_query <- function(wih, who, inputs) {
  hidden <- ref_sigmoid(wih %*% inputs)
  list(hidden = drop(hidden), outputs = drop(ref_sigmoid(who %*% hidden)))
}

ref_train <- function(wih, who, inputs, targets, lr, split = "transpose") {
  f <- ref_query(wih, who, inputs)
  e <- targets - f$outputs
  share <- if (split == "transpose") who else who / rowSums(abs(who))  # the text: w / sum(w) when w > 0
  e_hidden <- drop(t(share) %*% e)
  who <- who + lr * ((e * f$outputs * (1 - f$outputs)) %*% t(f$hidden))
  wih <- wih + lr * ((e_hidden * f$hidden * (1 - f$hidden)) %*% t(inputs))
  list(wih = wih, who = who)
}

# Matrices in the fixtures are lists of rows of %.17g strings.
fixture_matrix <- function(rows) do.call(rbind, lapply(rows, function(r) as.numeric(unlist(r))))
read_net_cases <- function() jsonlite::fromJSON(fixture_path("network_cases.json"), simplifyVector = FALSE)$cases
