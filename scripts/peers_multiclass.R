#!/usr/bin/env Rscript
# Peer for crates/stats/src/multiclass::hand_till_auc (issue 17): pROC multiclass.roc with the
# matrix of class scores (Hand & Till 2001), levels = every class present.
# Usage: Rscript scripts/peers_multiclass.R <scores.csv> ...   (columns truth, p0 .. p{k-1})
# Prints JSON {"<file name>": M, ..., "pROC": version} with jsonlite's maximum precision (digits = NA: 15 significant digits, enough for 1e-9).
suppressPackageStartupMessages(library(pROC))
files <- commandArgs(trailingOnly = TRUE)
out <- list()
for (f in files) {
  d <- read.csv(f)
  k <- ncol(d) - 1
  classes <- as.character(0:(k - 1))
  predictor <- as.matrix(d[, -1])
  colnames(predictor) <- classes
  response <- factor(as.character(d$truth), levels = classes)
  m <- multiclass.roc(response, predictor, levels = classes)
  out[[basename(f)]] <- as.numeric(m$auc)
}
out[["pROC"]] <- as.character(packageVersion("pROC"))
cat(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA))
