"""Demo: why a great test score can lie - leakage, train/serve skew and input shift.

Each cause leaves its own fingerprint on two checks: adversarial validation (can a classifier
tell test inputs from production inputs? for a mean shift delta its AUC is Phi(delta/sqrt 2),
the binormal AUC) and a group-aware (by-user) split. Halfway through, the cause's fix is applied.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from workbench.demos.base import Demo, Frame, Param, Series
from workbench.demos.registry import register

DIM = 8
SESSIONS = 5
TRAIN_USERS = 200
TEST_USERS = 200
LEAKED_SESSIONS = 3
BATCH_USERS = 20
POOL = 1000
FRAMES = 120
FIX_AT = 60
CURVE = 0.5
LABEL_NOISE = 0.7
SESSION_NOISE = 0.1
SCENARIOS = ("none", "leak", "skew", "shift")
FIXES = {"none": "nothing to fix", "leak": "split by user", "skew": "fix the pipeline",
         "shift": "retrain with labelled production data"}


def normal_cdf(z: float) -> float:
    """Standard normal CDF."""
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def binormal_auc(delta: float) -> float:
    """AUC of the best discriminator between N(0, I) and N(delta e1, I): Phi(delta / sqrt 2)."""
    return normal_cdf(delta / math.sqrt(2.0))


def labeller(rng: np.random.Generator, dim: int = DIM) -> tuple[np.ndarray, np.ndarray]:
    """Directions (w, v) of the true boundary: unit w, and unit v orthogonal to w and e1."""
    w = rng.standard_normal(dim)
    w /= np.linalg.norm(w)
    v = rng.standard_normal(dim)
    v[0] = 0.0
    rest = np.concatenate([[0.0], w[1:]])  # w without its e1 part; v.w = v.rest as v1 = 0
    v -= (v @ rest) / (rest @ rest) * rest
    return w, v / np.linalg.norm(v)


def make_users(rng: np.random.Generator, n: int, w: np.ndarray, v: np.ndarray,
               shift: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Users u ~ N(shift e1, I), one noisy label each: sign(w.u + c u1 (v.u) + noise).

    The bilinear term turns the local boundary normal to w + c u1 v as u1 grows, so a linear
    model fitted near the origin degrades when inputs shift along e1.
    """
    u = rng.standard_normal((n, len(w)))
    u[:, 0] += shift
    score = u @ w + CURVE * u[:, 0] * (u @ v) + LABEL_NOISE * rng.standard_normal(n)
    return u, (score > 0).astype(float)


def make_sessions(rng: np.random.Generator, users: np.ndarray, labels: np.ndarray,
                  per_user: int = SESSIONS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sessions: each user's vector plus small noise, with the user's label and id."""
    ids = np.repeat(np.arange(len(users)), per_user)
    x = users[ids] + SESSION_NOISE * rng.standard_normal((len(ids), users.shape[1]))
    return x, labels[ids], ids


def one_nn_predict(train_x: np.ndarray, train_y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Label of the nearest training point (a pure memoriser)."""
    # |x - t|^2 = |x|^2 - 2 x.t + |t|^2; the first term does not change the argmin.
    d2 = (train_x * train_x).sum(1)[None, :] - 2.0 * (x @ train_x.T)
    return train_y[np.argmin(d2, axis=1)]


def linear_fit(x: np.ndarray, y: np.ndarray, ridge: float = 1e-3) -> np.ndarray:
    """Least-squares linear classifier on +-1 targets (weights then intercept)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    gram = design.T @ design / len(x) + ridge * np.eye(design.shape[1])
    return np.linalg.solve(gram, design.T @ (2 * y - 1) / len(x))


def linear_predict(model: np.ndarray, x: np.ndarray) -> np.ndarray:
    """0/1 predictions of a linear classifier."""
    return (x @ model[:-1] + model[-1] > 0).astype(float)


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """Area under the ROC curve from the rank (Mann-Whitney) statistic."""
    ranks = np.empty(len(pos) + len(neg))
    ranks[np.argsort(np.concatenate([pos, neg]), kind="stable")] = np.arange(1, len(ranks) + 1)
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def halves(n: int) -> np.ndarray:
    """Alternate blocks of one user's sessions, so no user sits on both sides of a split."""
    return (np.arange(n) // SESSIONS) % 2 == 0


@dataclass
class Discriminator:
    """Logistic regression on [x, log x^2] telling production (1) from test (0) inputs.

    Log-magnitudes let it see scale changes (skew) as well as mean shifts; warm-started, capped
    Newton steps keep each frame cheap and stable when the classes separate. Scaling is fitted
    on the training half and reused on the held-out half.
    """

    beta: np.ndarray
    scale: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    def train(self, test: np.ndarray, prod: np.ndarray, steps: int) -> None:
        """Newton steps (ridge, step length capped at 1) on the first half of each sample."""
        a, b = test[halves(len(test))], prod[halves(len(prod))]
        pooled = np.vstack([a, b])
        mean, sd = np.median(pooled, axis=0), pooled.std(0) + 1e-12  # median: robust to skew
        logs = np.log(((pooled - mean) / sd) ** 2 + 1e-8)
        self.scale = (mean, sd, logs.mean(0), logs.std(0) + 1e-12)
        x, y = self._design(a, b)
        for _ in range(steps):
            p = 1.0 / (1.0 + np.exp(-np.clip(x @ self.beta, -30, 30)))
            grad = x.T @ (p - y) / len(y) + 1e-3 * self.beta
            hess = (x.T * (p * (1 - p))) @ x / len(y) + 1e-3 * np.eye(len(self.beta))
            step = np.linalg.solve(hess, grad)
            self.beta -= step / max(1.0, float(np.linalg.norm(step)))

    def held_out_auc(self, test: np.ndarray, prod: np.ndarray) -> float:
        """AUC on the other half, whose users the discriminator never saw."""
        x, y = self._design(test[~halves(len(test))], prod[~halves(len(prod))])
        score = x @ self.beta
        return auc(score[y == 1], score[y == 0])

    @staticmethod
    def size(dim: int) -> int:
        """Number of coefficients for `dim` input features."""
        return 2 * dim + 1

    def _design(self, test: np.ndarray, prod: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        assert self.scale is not None, "train() sets the scaling"
        mean, sd, log_mean, log_sd = self.scale
        x = (np.vstack([test, prod]) - mean) / sd
        magnitude = (np.log(x * x + 1e-8) - log_mean) / log_sd
        return (np.hstack([x, magnitude, np.ones((len(x), 1))]),
                np.concatenate([np.zeros(len(test)), np.ones(len(prod))]))


def adversarial_auc(test: np.ndarray, prod: np.ndarray, steps: int = 30) -> float:
    """Adversarial validation: fit on half of each sample, report the held-out AUC."""
    disc = Discriminator(np.zeros(Discriminator.size(test.shape[1])))
    disc.train(test, prod, steps)
    return disc.held_out_auc(test, prod)


@register
class ProductionGap(Demo):
    """Production batches arrive; two checks separate leakage, skew and shift."""

    id = "test_prod_gap"
    title = "Why a great test score can lie"
    takeaway = ("Leakage, train/serve skew and input shift each leave a different fingerprint: "
                "adversarial validation and a by-user split tell them apart, and each has its fix.")
    topic = "test-vs-production"
    params = (
        Param("scenario", "Cause", "choice", "leak", choices=SCENARIOS,
              help="What makes production differ from the test set"),
        Param("severity", "Severity", "float", 1.5, lo=0.0, hi=3.0, step=0.25,
              help="leak: share of test users also in train (x/3); skew: x1 scaled by "
                   "10^(2x/3); shift: mean moved by x sd"),
        Param("model", "Model", "choice", "1-NN", choices=("1-NN", "linear"),
              help="A memoriser (1-NN) or a linear classifier"),
    )

    def _setup(self) -> None:
        self.scenario = str(self.values["scenario"])
        self.severity = float(self.values["severity"])
        self.w, self.v = labeller(self.rng)
        users, labels = make_users(self.rng, TRAIN_USERS + TEST_USERS, self.w, self.v)
        x, y, ids = make_sessions(self.rng, users, labels)
        in_train = ids < TRAIN_USERS
        leaked = (ids >= TRAIN_USERS) & (ids < TRAIN_USERS + self._leaked_users())
        first = np.tile(np.arange(SESSIONS), len(users)) < LEAKED_SESSIONS
        self.clean = (x[in_train], y[in_train])
        self.leaky = (x[in_train | (leaked & first)], y[in_train | (leaked & first)])
        held_out = ~in_train & ~(leaked & first)
        self.test_x, self.test_y = x[held_out], y[held_out]
        self.group_x, self.group_y = x[~in_train], y[~in_train]
        self.fixed = False
        self._fit(*self.clean)
        self.honest = self._accuracy(self.group_x, self.group_y)
        self._fit(*self.leaky)
        self.test_acc = self._accuracy(self.test_x, self.test_y)
        self.prod_x = np.empty((0, DIM))
        self.prod_y = np.empty(0)
        self.correct: list[float] = []
        self.disc = Discriminator(np.zeros(Discriminator.size(DIM)))
        self.history: list[tuple[float, float, float, float]] = []

    def _leaked_users(self) -> int:
        return round(TEST_USERS * self.severity / 3) if self.scenario == "leak" else 0

    def _fit(self, x: np.ndarray, y: np.ndarray) -> None:
        self.train_x, self.train_y = x, y
        self.linear = linear_fit(x, y)

    def _predict(self, x: np.ndarray) -> np.ndarray:
        if self.values["model"] == "linear":
            return linear_predict(self.linear, x)
        return one_nn_predict(self.train_x, self.train_y, x)

    def _accuracy(self, x: np.ndarray, y: np.ndarray) -> float:
        return float(np.mean(self._predict(x) == y))

    def _production_batch(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        shift = self.severity if self.scenario == "shift" else 0.0
        users, labels = make_users(self.rng, BATCH_USERS, self.w, self.v, shift)
        x, y, _ = make_sessions(self.rng, users, labels)
        served = x.copy()
        if self.scenario == "skew" and not self.fixed:
            served[:, 0] *= 10 ** (2 * self.severity / 3)
        return served, x, y

    def _apply_fix(self) -> None:
        self.fixed = True
        if self.scenario == "leak":
            self._fit(*self.clean)
            self.test_x, self.test_y = self.group_x, self.group_y
            self.test_acc = self.honest
        elif self.scenario == "shift":
            self._fit(np.vstack([self.clean[0], self.prod_x]),
                      np.concatenate([self.clean[1], self.prod_y]))
            self.test_acc = self._accuracy(self.test_x, self.test_y)
        self.prod_x, self.prod_y = np.empty((0, DIM)), np.empty(0)
        self.disc = Discriminator(np.zeros(Discriminator.size(DIM)))

    def _advance(self) -> Frame:
        t = self.index + 1
        if t == FIX_AT + 1 and self.scenario != "none":
            self._apply_fix()
        served, clean, y = self._production_batch()
        self.correct.append(float(np.mean(self._predict(served) == y)))
        self.prod_x = np.vstack([self.prod_x, served])[-POOL:]
        self.prod_y = np.concatenate([self.prod_y, y])[-POOL:]
        self.disc.train(self.test_x, self.prod_x, 3)
        score = self.disc.held_out_auc(self.test_x, self.prod_x)
        prod = float(np.mean(self.correct[-10:]))
        self.history.append((float(t), prod, self.test_acc, score))
        return self._draw(done=t >= FRAMES)

    def _draw(self, done: bool) -> Frame:
        t, prod, test, score = self.history[-1]
        p, te, a, h = round(prod, 2), round(test, 2), round(score, 2), round(self.honest, 2)
        metrics = {"production": p, "test": te, "auc": a, "by_user": h, "fix_at": float(FIX_AT),
                   "severity": round(self.severity, 2)}
        if self.fixed:
            caption = (f"{self.scenario}, after the fix ({FIXES[self.scenario]}): test {te:.2f}, "
                       f"production {p:.2f}, adversarial AUC {a:.2f}")
        else:
            caption = self._diagnosis(p, te, a, h, metrics)
        readouts = (f"test {te:.2f}", f"production {p:.2f}", f"adv. AUC {a:.2f}",
                    f"by-user {h:.2f}")
        hist = np.array(self.history)
        series = (Series("line", hist[:, 0], hist[:, 1], "production accuracy", "primary"),
                  Series("step", hist[:, 0], hist[:, 2], "test accuracy", "secondary"),
                  Series("hline", hist[:1, 0], np.array([self.honest]), "by-user split", "muted"),
                  Series("line", hist[:, 0], hist[:, 3], "adversarial AUC", "highlight"),
                  Series("vline", np.array([float(FIX_AT)]), np.array([0.0]), "fix", "theory"))
        return Frame(title=f"{self.title} ({self.scenario}, {self.values['model']})",
                     xlabel="production batch", ylabel="accuracy / AUC",
                     xlim=(0.0, float(FRAMES)), ylim=(0.3, 1.02), series=series,
                     caption=caption, metrics=metrics, readouts=readouts, done=done)

    def _diagnosis(self, p: float, te: float, a: float, h: float, metrics: dict[str, float]
                   ) -> str:
        head = f"{self.scenario}: test {te:.2f}, production {p:.2f}, adversarial AUC {a:.2f}"
        if self.scenario == "shift":
            theory = round(binormal_auc(self.severity), 2)
            metrics["auc_theory"] = theory
            return (f"{head} (binormal {theory:.2f}): inputs moved, so shift; "
                    f"fix at batch {FIX_AT}: {FIXES['shift']}")
        if self.scenario == "skew":
            return (f"{head}: production inputs look nothing like test, yet test users are "
                    f"fine, so train/serve skew; fix at batch {FIX_AT}: {FIXES['skew']}")
        if self.scenario == "leak":
            return (f"{head}, by-user split {h:.2f}: same inputs but an honest split scores "
                    f"lower, so leakage; fix at batch {FIX_AT}: {FIXES['leak']}")
        return f"{head}: no gap beyond noise, nothing to fix"
