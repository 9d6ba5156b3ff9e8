"""Record D-Adaptation, Prodigy and schedule-free runs from their published PyTorch
packages into tests/reference/adaptive_values.json, inputs and outputs both, so that
lrdoc's numpy optimizers can replay them without torch (issue 24, 1e-10 relative).

Run it in a scratch environment, never in the project's:

    python3 -m venv /work/scratch/ref24
    /work/scratch/ref24/bin/pip install torch==2.13.0 numpy
    /work/scratch/ref24/bin/pip install dadaptation prodigyopt schedulefree
    /work/scratch/ref24/bin/python tests/reference/torch_adaptive.py

Recorded with torch 2.13.0+cpu, numpy 2.4.6, dadaptation 3.2, prodigyopt 1.1.2,
schedulefree 1.4.1, Python 3.11.7. Everything is float64; no package computes in
float32 here (the float32 tensors they build appear only on the FSDP path, unused).
Every reduction goes through .item() into a Python float.

Problems (full batch, one loss and gradient evaluation per step for every method):
- "quadratic": loss(w) = mean((X w - y)^2) / 2, X 20x3, w 3.
- "mlp": 4-5-3, h = tanh(X W1 + b1), logits = h W2 + b2, mean softmax cross-entropy
  on 12 points. Parameters flatten as W1 (4x5, in x out, row-major), b1 (5),
  W2 (5x3), b2 (3), 43 numbers. torch's Linear holds weight as out x in, so
  Linear1.weight = W1.T; the optimizer sees the tensors in the order
  [Linear1.weight, Linear1.bias, Linear2.weight, Linear2.bias].

Update equations, in lrdoc's words (g is the gradient at the current parameters,
sums run over all parameter entries, k counts steps from 0, lr is the multiplier):

DAdaptSGD(lr, momentum m, d0): state s = 0, x0 = z = initial parameters,
numerator N = 0, d = d0. At k = 0 store G = ||g_0||. Each step: a = d lr / G with
the d from before the step; N += a <g, s> (old s); s += a g; d_hat = 2 N / ||s||;
d = max(d, min(d_hat, d growth)). Then z = x0 - s and p = m p + (1 - m) z. The step
just taken used the old d (through a); the new d first acts next step.

DAdaptAdam(lr, beta1, beta2, eps, d0): state s = m1 = v = 0, N = 0, d = d0.
Each step: c = sqrt(1 - beta2^(k+1)) / (1 - beta1^(k+1)) if use_bias_correction else
1; a = d lr c (old d); q = sqrt(beta2). Using v BEFORE its update:
A = a sum(g s / (sqrt(v) + eps)) (old s). Then m1 = beta1 m1 + a (1 - beta1) g (the
first moment carries the step size); v = beta2 v + (1 - beta2) g^2 (v does not);
s = q s + a (1 - q) g. N = q N + (1 - q) A; d_hat = N / ((1 - q) ||s||_1);
d = max(d, min(d_hat, d growth)). Step: p -= m1 / (sqrt(v_new) + eps) (eps outside
the root, v unscaled; no further lr factor).

Prodigy(lr, beta1, beta2, beta3 = sqrt(beta2) if None, eps, d0, d_coef): state
s = m1 = v = 0, p0 = initial parameters, N = 0, d = d_max = d0. Each step: c as in
DAdaptAdam; a = d lr c (old d); N = beta3 N; N += (d/d0) a <g, p0 - p>;
m1 = beta1 m1 + d (1 - beta1) g; v = beta2 v + d^2 (1 - beta2) g^2;
s = beta3 s + (d/d0) a g, or (d/d0) d g with safeguard_warmup (no lr, no c);
d_hat = d_coef N / ||s||_1; if d == d0: d = max(d, d_hat); d_max = max(d_max, d_hat);
d = min(d_max, d growth). With growth = inf, d = d_max = max(d0, all d_hat so far).
Step: p -= a m1 / (sqrt(v) + d_new eps): a from the OLD d, eps times the NEW d.

SGDScheduleFree(lr, momentum b, warmup W, r, power P): z = y0, weight_sum = 0,
lr_max = -1. Each step (gradient g taken at y, what the parameters hold in train
mode): lr_k = lr (k+1)/W if k < W else lr; lr_max = max(lr_max, lr_k);
w = (k+1)^r lr_max^P; weight_sum += w; c = w / weight_sum;
y = y + c (z - y) (torch lerp); y += lr_k (b (1 - c) - 1) g; z -= lr_k g.
The averaged point is x = y + (1 - 1/b)(z - y) (what optimizer.eval() puts in the
parameters); train() maps back with y = x + (1 - b)(z - x).

AdamWScheduleFree(lr, beta1, beta2, eps, warmup W, r, P): z = y0, v = 0; lr_k, lr_max,
w, c as above; v = beta2 v + (1 - beta2) g^2; u = g / (sqrt(v / (1 - beta2^(k+1))) + eps)
(only the second moment is bias-corrected; eps outside the root; lr is not scaled by
the bias correction in 1.4.1); y = y + c (z - y); y += lr_k (beta1 (1 - c) - 1) u;
z -= lr_k u; x = y + (1 - 1/beta1)(z - y).

Recording: x for schedule-free is computed each step with the same lerp that eval()
uses, on a copy, so the run itself never toggles eval/train (a round trip would
perturb y by rounding); at the end the script checks eval() gives the last x.
torch's lerp computes start + w (end - start) for |w| < 0.5 and
end - (end - start)(1 - w) otherwise; the difference is at rounding level.
"""

import json
import math
import platform
import re
from importlib.metadata import version
from pathlib import Path

import dadaptation
import numpy as np
import prodigyopt
import schedulefree
import torch

torch.set_default_dtype(torch.float64)
OUT = Path(__file__).with_name("adaptive_values.json")
STEPS = 25
INF = float("inf")


def quadratic_problem():
    # Inputs drawn once from numpy and stored; torch only replays them.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.normal(size=20)
    w0 = np.array([0.5, -0.3, 0.2])
    return {"X": X, "y": y, "w0": w0}


def mlp_problem():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(12, 4))
    labels = np.array([0, 1, 2] * 4)
    init = np.random.default_rng(2)
    W1 = 0.5 * init.normal(size=(4, 5))
    b1 = 0.1 * init.normal(size=5)
    W2 = 0.5 * init.normal(size=(5, 3))
    b2 = 0.1 * init.normal(size=3)
    return {"X": X, "labels": labels, "W1": W1, "b1": b1, "W2": W2, "b2": b2}


def quadratic_model(data):
    X, y = torch.tensor(data["X"]), torch.tensor(data["y"])
    w = torch.nn.Parameter(torch.tensor(data["w0"]))

    def loss():
        return ((X @ w - y) ** 2).mean() / 2

    return [w], loss, lambda tensors=None: (tensors or [w])[0].detach().clone().numpy()


def mlp_model(data):
    X, labels = torch.tensor(data["X"]), torch.tensor(data["labels"])
    first, second = torch.nn.Linear(4, 5), torch.nn.Linear(5, 3)
    with torch.no_grad():
        first.weight.copy_(torch.tensor(data["W1"].T))  # torch: out x in
        first.bias.copy_(torch.tensor(data["b1"]))
        second.weight.copy_(torch.tensor(data["W2"].T))
        second.bias.copy_(torch.tensor(data["b2"]))
    params = [first.weight, first.bias, second.weight, second.bias]

    def loss():
        return torch.nn.functional.cross_entropy(second(torch.tanh(first(X))), labels)

    def flat(tensors=None):
        w1, c1, w2, c2 = (t.detach() for t in (tensors or params))
        return np.concatenate(
            [w1.T.numpy().ravel(), c1.numpy(), w2.T.numpy().ravel(), c2.numpy()]
        )

    return params, loss, flat


def settings(problem):
    sgd_lr = 0.1 if problem == "quadratic" else 0.5
    adam = dict(
        lr=1.0, betas=(0.9, 0.999), eps=1e-8, d0=1e-6, growth_rate=INF, weight_decay=0
    )
    prodigy = dict(
        adam, beta3=None, d_coef=1.0, use_bias_correction=False, safeguard_warmup=False
    )
    runs = []
    for m in (0.0, 0.9):
        runs.append(
            (
                "DAdaptSGD",
                f"momentum={m}",
                dadaptation.DAdaptSGD,
                dict(lr=1.0, momentum=m, d0=1e-6, growth_rate=INF, weight_decay=0),
            )
        )
    for bc in (False, True):
        runs.append(
            (
                "DAdaptAdam",
                f"use_bias_correction={bc}",
                dadaptation.DAdaptAdam,
                dict(adam, decouple=False, use_bias_correction=bc),
            )
        )
    runs.append(("Prodigy", "default", prodigyopt.Prodigy, prodigy))
    runs.append(
        ("Prodigy", "d_coef=0.5", prodigyopt.Prodigy, dict(prodigy, d_coef=0.5))
    )
    runs.append(
        (
            "Prodigy",
            "safeguard_warmup=True",
            prodigyopt.Prodigy,
            dict(prodigy, safeguard_warmup=True),
        )
    )
    for w in (0, 5):
        runs.append(
            (
                "SGDScheduleFree",
                f"warmup_steps={w}",
                schedulefree.SGDScheduleFree,
                dict(
                    lr=sgd_lr,
                    momentum=0.9,
                    warmup_steps=w,
                    weight_decay=0,
                    r=0,
                    weight_lr_power=2,
                ),
            )
        )
    for w in (0, 5):
        runs.append(
            (
                "AdamWScheduleFree",
                f"warmup_steps={w}",
                schedulefree.AdamWScheduleFree,
                dict(
                    lr=0.05,
                    betas=(0.9, 0.999),
                    eps=1e-8,
                    warmup_steps=w,
                    weight_decay=0,
                    r=0,
                    weight_lr_power=2,
                ),
            )
        )
    return runs


def run(problem, data, name, label, cls, kwargs):
    params, loss_fn, flat = (quadratic_model if problem == "quadratic" else mlp_model)(
        data
    )
    opt = cls(params, **kwargs)
    free = "ScheduleFree" in name
    if free:
        opt.train()
    beta = kwargs.get("momentum", (kwargs.get("betas") or (None,))[0])
    rec = {
        "problem": problem,
        "optimizer": name,
        "label": label,
        "settings": {k: (v if v != INF else "inf") for k, v in kwargs.items()},
        "evaluations_per_step": 1,
        "loss": [],
        "params": [],
    }
    if free:
        rec.update(x=[], z=[])
    else:
        rec["d"] = []
    if name == "Prodigy":
        rec.update(d_hat=[], d_max=[])
    for _ in range(STEPS):
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        rec["loss"].append(loss.item())  # loss at the point the gradient is taken
        opt.step()
        rec["params"].append(flat().tolist())
        group = opt.param_groups[0]
        if free:
            zs = [opt.state[p]["z"] for p in params]
            xs = [
                p.detach().clone().lerp_(z, 1 - 1 / beta)
                for p, z in zip(params, zs, strict=True)
            ]
            rec["x"].append(flat(xs).tolist())
            rec["z"].append(flat(zs).tolist())
        else:
            rec["d"].append(group["d"])
        if name == "Prodigy":
            rec["d_hat"].append(group["d_hat"])
            rec["d_max"].append(group["d_max"])
    if free:
        opt.eval()
        assert flat().tolist() == rec["x"][-1], (name, label)
    return rec


def main():
    problems = {"quadratic": quadratic_problem(), "mlp": mlp_problem()}
    runs = [run(p, problems[p], *spec) for p in problems for spec in settings(p)]
    out = {
        "generated_by": "tests/reference/torch_adaptive.py",
        "versions": {
            "python": platform.python_version(),
            **{
                m: version(m)
                for m in ("torch", "numpy", "dadaptation", "prodigyopt", "schedulefree")
            },
        },
        "dtype": "float64",
        "steps": STEPS,
        "notes": __doc__,
        "problems": {
            "quadratic": {
                "loss": "mean((X @ w - y)**2) / 2",
                "layout": "w (3)",
                **{k: v.tolist() for k, v in problems["quadratic"].items()},
            },
            "mlp": {
                "loss": "mean cross-entropy of softmax(tanh(X W1 + b1) W2 + b2) at labels",
                "layout": "W1 (4x5 in x out, row-major), b1 (5), W2 (5x3), b2 (3); torch Linear.weight = W.T",
                **{k: v.tolist() for k, v in problems["mlp"].items()},
            },
        },
        "run_fields": {
            "loss": "loss at the point where step k's gradient is taken",
            "params": "flattened parameters after step k (schedule-free: y, the train-mode point)",
            "d": "param_groups[0]['d'] after step k",
            "d_hat": "Prodigy's d_hat after step k",
            "d_max": "Prodigy's d_max after step k",
            "x": "schedule-free averaged point after step k (what eval() gives)",
            "z": "schedule-free state z after step k",
        },
        "runs": runs,
    }
    # One line per innermost list of numbers keeps the file small and diffable.
    text = re.sub(
        r"\[[-+0-9.eE,\s]*\]",
        lambda m: re.sub(r"\s+", "", m.group()),
        json.dumps(out, indent=1),
    )
    OUT.write_text(text + "\n")
    print(f"{len(runs)} runs, {len(text)} characters written to {OUT.name}")
    print(
        "versions",
        out["versions"],
        "finite:",
        all(math.isfinite(v) for r in runs for v in r["loss"]),
    )


if __name__ == "__main__":
    main()
