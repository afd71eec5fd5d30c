#!/usr/bin/python3
"""Makes the PyTorch oracle fixtures of io.ricci.nn.module's tests (float64 throughout).

Run with Debian's interpreter, which has torch 1.13 (the other python3 on the machine has none):
    cd nn/src/test/resources/io/ricci/nn/module && /usr/bin/python3 make_torch_fixtures.py
Writes nets.npz (12 random small MLPs: inputs, targets, initial weights, loss, every gradient),
optim.npz (SGD / Adam / AdamW trajectories, clip_grad_norm_) and losses.npz (BCEWithLogits and
CrossEntropy with each reduction, extreme logits included). Deterministic: torch.manual_seed(17).
"""
import numpy as np
import torch

torch.manual_seed(17)
rng = np.random.default_rng(17)
D = torch.float64
ACTS = {0: torch.nn.ReLU, 1: torch.nn.Sigmoid, 2: torch.nn.Tanh}

nets = {}
for i in range(12):
    hidden = [int(h) for h in rng.integers(1, 8, size=int(rng.integers(1, 4)))]
    d_in, d_out, n = int(rng.integers(1, 6)), int(rng.integers(2, 6)), int(rng.integers(1, 8))
    act = int(rng.integers(0, 3))
    loss = i % 3  # 0 MSE, 1 cross-entropy with integer labels, 2 cross-entropy with one-hot targets
    sizes = [d_in] + hidden + [d_out]
    mods = []
    for k in range(len(sizes) - 1):
        mods.append(torch.nn.Linear(sizes[k], sizes[k + 1]).to(D))
        if k < len(sizes) - 2:
            mods.append(ACTS[act]())
    model = torch.nn.Sequential(*mods)
    x = torch.randn(n, d_in, dtype=D)
    p = f"n{i}."
    for name, t in model.state_dict().items():
        nets[p + "w." + name] = t.numpy().copy()
    out = model(x)
    if loss == 0:
        y = torch.randn(n, d_out, dtype=D)
        L = torch.nn.MSELoss()(out, y)
        nets[p + "target"] = y.numpy()
    elif loss == 1:
        y = torch.randint(0, d_out, (n,))
        L = torch.nn.CrossEntropyLoss()(out, y)
        nets[p + "target"] = y.numpy().astype(np.float64)
    else:
        y = torch.nn.functional.one_hot(torch.randint(0, d_out, (n,)), d_out).to(D)
        L = torch.nn.CrossEntropyLoss()(out, y)
        nets[p + "target"] = y.numpy()
    L.backward()
    nets[p + "config"] = np.array([act, loss] + sizes, dtype=np.float64)
    nets[p + "x"] = x.numpy()
    nets[p + "loss"] = np.array(L.item())
    for name, t in model.named_parameters():
        nets[p + "g." + name] = t.grad.numpy().copy()
np.savez("nets.npz", **nets)

# Optimizers: a 3-5-2 net, cross-entropy, 4 steps on fixed data; weights after every step.
opt = {}
x = torch.randn(6, 3, dtype=D)
y = torch.randint(0, 2, (6,))
opt["x"], opt["y"] = x.numpy(), y.numpy().astype(np.float64)
base = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 2)).to(D)
for name, t in base.state_dict().items():
    opt["init." + name] = t.numpy().copy()
CASES = {
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "sgd_mom": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01),
    "sgd_nesterov": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.8, nesterov=True, weight_decay=0.05),
    "adam": lambda ps: torch.optim.Adam(ps, lr=0.05),
    "adam_wd": lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
    "adamw": lambda ps: torch.optim.AdamW(ps, lr=0.05, weight_decay=0.1),
}
for case, make in CASES.items():
    model = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 2)).to(D)
    model.load_state_dict(base.state_dict())
    o = make(model.parameters())
    for step in range(4):
        o.zero_grad()
        torch.nn.CrossEntropyLoss()(model(x), y).backward()
        o.step()
        for name, t in model.state_dict().items():
            opt[f"{case}.{step}.{name}"] = t.numpy().copy()
for case, max_norm in (("clip_small", 0.05), ("clip_large", 100.0)):
    model = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 2)).to(D)
    model.load_state_dict(base.state_dict())
    torch.nn.CrossEntropyLoss()(model(x), y).backward()
    total = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    opt[case + ".max_norm"] = np.array(max_norm)
    opt[case + ".total"] = np.array(total.item())
    for name, t in model.named_parameters():
        opt[case + ".g." + name] = t.grad.numpy().copy()
np.savez("optim.npz", **opt)

# Losses with each reduction; logits include +-800 and exact zeros.
loss = {}
z = torch.tensor([[800.0, -800.0, 0.0, 1.5], [-3.0, 2.0, 800.0, -0.25], [0.0, 0.0, 0.0, 0.0]], dtype=D)
t = torch.tensor([[1.0, 0.0, 0.3, 1.0], [0.0, 1.0, 0.0, 0.5], [1.0, 0.0, 0.5, 0.2]], dtype=D)
labels = torch.tensor([1, 2, 0])
loss["z"], loss["t"], loss["labels"] = z.numpy(), t.numpy(), labels.numpy().astype(np.float64)
probs = torch.softmax(torch.randn(3, 4, dtype=D), 1)
loss["probs"] = probs.numpy()
for red in ("mean", "sum", "none"):
    for name, fn in (("bce", lambda zz: torch.nn.BCEWithLogitsLoss(reduction=red)(zz, t)),
                     ("ce", lambda zz: torch.nn.CrossEntropyLoss(reduction=red)(zz, labels)),
                     ("ceprob", lambda zz: torch.nn.CrossEntropyLoss(reduction=red)(zz, probs))):
        zz = z.clone().requires_grad_(True)
        out = fn(zz)
        out.sum().backward()
        loss[f"{name}.{red}.value"] = out.detach().numpy()
        loss[f"{name}.{red}.grad"] = zz.grad.numpy()
np.savez("losses.npz", **loss)
print("wrote", len(nets), "+", len(opt), "+", len(loss), "arrays")
