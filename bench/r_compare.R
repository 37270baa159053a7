# r_compare.R — assay's Rasch calibration side by side with R (eRm, lme4).
# Called by bench/r_compare.sh; not a test.
#
#   Rscript r_compare.R gen DIR N                simulate DIR/sim.csv (5,000 x 50 Rasch)
#                                                and DIR/sub.csv, its first N persons
#   Rscript r_compare.R fit DIR ROUNDS AGQ N     fit sim.csv with eRm (CML) and, when AGQ > 0,
#                                                sub.csv with lme4 (glmer, nAGQ = AGQ);
#                                                compare with DIR/assay.json, DIR/assay_sub.json
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
  write.csv(X[seq_len(as.integer(args[3])), ], file.path(dir, "sub.csv"), row.names = FALSE,
            quote = FALSE)
  write.csv(data.frame(item = colnames(X), b = b), file.path(dir, "truth.csv"),
            row.names = FALSE, quote = FALSE)
  quit(status = 0)
}

rounds <- as.integer(args[3])
agq <- as.integer(args[4])
n_sub <- as.integer(args[5])
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
  S <- X[seq_len(n_sub), ]
  long <- data.frame(y = as.vector(S), item = factor(rep(colnames(S), each = nrow(S))),
                     person = factor(rep(seq_len(nrow(S)), ncol(S))))
  t_lme <- system.time(g <- glmer(y ~ 0 + item + (1 | person), data = long,
                                  family = binomial, nAGQ = agq))[["elapsed"]]
  b_lme <- -fixef(g)
  var_lme <- VarCorr(g)$person[1]
}

# assay: Rasch as one common slope with theta ~ N(0, 1); on the Rasch scale
# (slopes 1, latent variance a^2) the difficulty is -d
read_assay <- function(name) {
  a <- fromJSON(file.path(dir, paste0(name, ".json")))
  tt <- matrix(scan(file.path(dir, paste0(name, "_times.txt")), quiet = TRUE), ncol = 2,
               byrow = TRUE)
  list(b = -a$parameters$d[match(colnames(X), a$parameters$item)],
       var = a$run$latent_variance, em = a$run$seconds, t = median(tt[, 2] - tt[, 1]))
}
cmp <- function(name, mine, b) {
  d <- centre(mine) - centre(b)
  cat(sprintf("  vs %-22s r = %.6f after centring, largest difference %.4f logits\n", name,
              cor(centre(mine), centre(b)), max(abs(d))))
}
full <- read_assay("assay")
cat(sprintf("Rasch difficulties, %d persons x %d items (simulated, seed 2026)\n",
            nrow(X), ncol(X)))
cmp("eRm (CML)", full$b, b_erm)
cmp("the true difficulties", full$b, truth$b)
cat(sprintf("  latent variance: assay %.4f (true 1)\n", full$var))
cat(sprintf("Time, median of %d runs:\n", rounds))
cat(sprintf("  assay calibrate --model rasch  %8.3f s (whole command: read CSV, EM, JSON)\n",
            full$t))
cat(sprintf("  assay EM alone                 %8.3f s\n", full$em))
cat(sprintf("  R eRm::RM (CML)                %8.3f s  (%.1fx assay's time)\n", median(t_erm),
            median(t_erm) / full$t))
if (agq > 0) {
  sub <- read_assay("assay_sub")
  cat(sprintf("The first %d persons, with lme4::glmer(y ~ 0 + item + (1 | person), nAGQ = %d):\n",
              n_sub, agq))
  cmp(sprintf("lme4 (AGQ %d)", agq), sub$b, b_lme)
  cat(sprintf("  latent variance: assay %.4f, lme4 %.4f\n", sub$var, var_lme))
  cat(sprintf("  assay %.3f s (median of %d), lme4 %.1f s (one run): %.0fx assay's time\n", sub$t,
              rounds, t_lme, t_lme / sub$t))
}
