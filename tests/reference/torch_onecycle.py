"""Print PyTorch's OneCycleLR and LinearLR rates, the constants that
tests/test_schedules_onecycle.py checks lrdoc.schedules.one_cycle and linear_warmup
against.

Run it in a scratch environment, never in the project's:

    python3 -m venv /tmp/torchenv && /tmp/torchenv/bin/pip install torch==2.13.0
    /tmp/torchenv/bin/python tests/reference/torch_onecycle.py
"""

import torch


def rates(make_scheduler, steps, lr):
    weight = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([weight], lr=lr, momentum=0.9)
    scheduler = make_scheduler(optimizer)
    found = []
    for _ in range(steps):
        found.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return found


def main():
    print("torch", torch.__version__)
    cases = {
        "ONE_CYCLE_100": (
            lambda o: torch.optim.lr_scheduler.OneCycleLR(
                o, max_lr=0.1, total_steps=100
            ),
            100,
            0.1,
        ),
        "ONE_CYCLE_80": (
            lambda o: torch.optim.lr_scheduler.OneCycleLR(
                o, max_lr=0.5, total_steps=80
            ),
            80,
            0.5,
        ),
        "ONE_CYCLE_37_CUSTOM": (
            lambda o: torch.optim.lr_scheduler.OneCycleLR(
                o,
                max_lr=2.0,
                total_steps=37,
                pct_start=0.25,
                div_factor=10.0,
                final_div_factor=100.0,
            ),
            37,
            2.0,
        ),
        "LINEAR_WARMUP_4": (
            lambda o: torch.optim.lr_scheduler.LinearLR(
                o, start_factor=0.1, total_iters=4
            ),
            8,
            0.2,
        ),
        "LINEAR_WARMUP_DEFAULT_20": (
            lambda o: torch.optim.lr_scheduler.LinearLR(o, total_iters=20),
            25,
            0.3,
        ),
    }
    for name, (make, steps, lr) in cases.items():
        values = rates(make, steps, lr)
        print(f"{name} = [")
        for start in range(0, len(values), 4):
            print("    " + ", ".join(repr(v) for v in values[start : start + 4]) + ",")
        print("]")


if __name__ == "__main__":
    main()
