# r_compare.R — assay's Rasch calibration side by side with R (eRm, lme4).
# Called by bench/r_compare.sh; not a test.
#
#   Rscript r_compare.R gen DIR              simulate DIR/sim.csv (5,000 x 50 Rasch)
#   Rscript r_compare.R fit DIR ROUNDS AGQ   fit with eRm (CML) and, when AGQ > 0, lme4
#                                            (glmer, nAGQ = AGQ); compare with DIR/assay.json
suppressMessages({
  library(eRm)
  library(lme4)
  library(jsonlite)
})
args <- commandArgs(TRUE)
dir <- args[2]

if (args[1] == "gen") {
  set.seed(2026)
  P <- 5000
  I <- 50
  theta <- rnorm(P)
  b <- seq(-2, 2, length.out = I) + rnorm(I, 0, 0.2)
  X <- matrix(rbinom(P * I, 1, plogis(outer(theta, b, "-"))), P, I)
  colnames(X) <- sprintf("i%02d", seq_len(I))
  write.csv(X, file.path(dir, "sim.csv"), row.names = FALSE, quote = FALSE)
  write.csv(data.frame(item = colnames(X), b = b), file.path(dir, "truth.csv"),
            row.names = FALSE, quote = FALSE)
  quit(status = 0)
}

rounds <- as.integer(args[3])
agq <- as.integer(args[4])
X <- as.matrix(read.csv(file.path(dir, "sim.csv")))
truth <- read.csv(file.path(dir, "truth.csv"))
centre <- function(x) x - mean(x)

# eRm: conditional ML, difficulties in the sum-zero metric (betapar are easiness)
t_erm <- numeric(rounds)
for (k in seq_len(rounds)) t_erm[k] <- system.time(m <- RM(X))[["elapsed"]]
b_erm <- -m$betapar

# lme4: marginal ML with adaptive Gauss-Hermite quadrature (the Rasch MML);
# AGQ 0 leaves it out (it is slow: see README)
if (agq > 0) {
  long <- data.frame(y = as.vector(X), item = factor(rep(colnames(X), each = nrow(X))),
                     person = factor(rep(seq_len(nrow(X)), ncol(X))))
  t_lme <- system.time(g <- glmer(y ~ 0 + item + (1 | person), data = long,
                                  family = binomial, nAGQ = agq))[["elapsed"]]
  b_lme <- -fixef(g)
  var_lme <- VarCorr(g)$person[1]
}

# assay: Rasch as one common slope with theta ~ N(0, 1); on the Rasch scale
# (slopes 1, latent variance a^2) the difficulty is -d
a <- fromJSON(file.path(dir, "assay.json"))
p <- a$parameters
b_assay <- -p$d[match(colnames(X), p$item)]
var_assay <- a$run$latent_variance
tt <- matrix(scan(file.path(dir, "assay_times.txt"), quiet = TRUE), ncol = 2, byrow = TRUE)
t_assay <- tt[, 2] - tt[, 1]

cmp <- function(name, b) {
  d <- centre(b_assay) - centre(b)
  cat(sprintf("  vs %-13s r = %.6f after centring, largest difference %.4f logits\n", name,
              cor(centre(b_assay), centre(b)), max(abs(d))))
}
cat(sprintf("Rasch difficulties, %d persons x %d items (simulated, seed 2026)\n",
            nrow(X), ncol(X)))
cmp("eRm (CML)", b_erm)
if (agq > 0) cmp(sprintf("lme4 (AGQ %d)", agq), b_lme)
cmp("truth", truth$b)
cat(sprintf("  latent variance: assay %.4f%s\n", var_assay,
            if (agq > 0) sprintf(", lme4 %.4f", var_lme) else ""))
cat(sprintf("Time, median of %d runs%s:\n", rounds, if (agq > 0) " (lme4: one run)" else ""))
cat(sprintf("  assay calibrate --model rasch  %8.3f s (whole command: read CSV, EM, JSON)\n",
            median(t_assay)))
cat(sprintf("  assay EM alone                 %8.3f s\n", a$run$seconds))
cat(sprintf("  R eRm::RM (CML)                %8.3f s  (%.1fx assay's time)\n", median(t_erm),
            median(t_erm) / median(t_assay)))
if (agq > 0)
  cat(sprintf("  R lme4::glmer (nAGQ = %d)      %8.3f s  (%.0fx assay's time)\n", agq, t_lme,
              t_lme / median(t_assay)))
