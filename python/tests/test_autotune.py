"""The autotuner inside and outside do_bench: every config is simulated once
per key (with its pre_hook), do_bench measures the chosen launch only, and
tensor dtypes are part of the key (docs/adr/0074)."""

import pytest
import torch

import kernbench
import triton
import triton.language as tl

CONFIGS = [triton.Config({"BLOCK": b}, num_warps=w) for b, w in ((64, 4), (128, 4), (256, 8))]


def counting_launches(monkeypatch):
    calls = []
    real = kernbench.launch

    def launch(fn, name, grid, args, names, **kw):
        calls.append((grid, kw.get("mode")))
        return real(fn, name, grid, args, names, **kw)

    monkeypatch.setattr(kernbench, "launch", launch)
    return calls


def make_kernel(hooked=None):
    def hook(nargs):
        hooked.append(nargs["BLOCK"])

    configs = [triton.Config(c.kwargs, num_warps=c.num_warps,
                             pre_hook=hook if hooked is not None else None) for c in CONFIGS]
    return scaled_by(configs)


def scaled_by(configs):
    @triton.autotune(configs=configs, key=["n"])
    @triton.jit
    def scale(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
        offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        tl.store(out_ptr + offs, tl.load(x_ptr + offs, mask=offs < n) * 3, mask=offs < n)

    return scale


def grid(n):
    return lambda m: (triton.cdiv(n, m["BLOCK"]),)


def test_do_bench_of_a_first_call_simulates_each_config_once_and_times_the_chosen_one(
        monkeypatch):
    kernbench.configure("h200")
    scale = make_kernel()
    x, out = torch.rand(5000), torch.empty(5000)
    calls = counting_launches(monkeypatch)
    ms = triton.testing.do_bench(lambda: scale[grid(5000)](x, out, 5000))
    assert len(calls) == 3 and all(mode == "timing" for _, mode in calls)
    times = scale.timings[(5000, "torch.float32", "torch.float32")]
    assert ms == pytest.approx(min(times.values()) / 1e9)  # not the trials' sum
    recs = kernbench.current().launches
    assert len(recs) == 1 and recs[0].duration_ps == min(times.values())
    ms2 = triton.testing.do_bench(lambda: scale[grid(5000)](x, out, 5000))
    assert len(calls) == 4 and ms2 == ms  # the key is tuned: one launch of the best


def test_a_data_mode_call_after_tuning_runs_the_chosen_config_with_values(monkeypatch):
    scale = make_kernel()
    x, out = torch.rand(3000), torch.zeros(3000)
    calls = counting_launches(monkeypatch)
    scale[grid(3000)](x, out, 3000)
    assert [m for _, m in calls] == ["timing"] * 3 + [None]  # the device's mode: data
    assert torch.equal(out, x * 3)


def test_each_configs_pre_hook_runs_before_its_trial_and_before_the_chosen_launch():
    hooked = []
    scale = make_kernel(hooked)
    x, out = torch.rand(1000), torch.empty(1000)
    scale[grid(1000)](x, out, 1000)
    assert hooked[:3] == [64, 128, 256] and hooked[3] == scale.best_config.kwargs["BLOCK"]
    assert len(hooked) == 4


def test_tensor_dtypes_are_part_of_the_key():
    scale = make_kernel()
    for dtype in (torch.float32, torch.float16):
        x = torch.rand(2000).to(dtype)
        scale[grid(2000)](x, torch.empty_like(x), 2000)
    assert set(scale.timings) == {(2000, "torch.float32", "torch.float32"),
                                  (2000, "torch.float16", "torch.float16")}


@triton.autotune(configs=[triton.Config({"BLOCK": 256}), triton.Config({"BLOCK": 64})],
                 key=["n"])
@triton.jit
def capped(x_ptr, n, BLOCK: tl.constexpr):
    tl.static_assert(BLOCK <= 128)
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(x_ptr + offs, tl.load(x_ptr + offs, mask=offs < n) + 1, mask=offs < n)


def test_a_config_failing_a_static_assert_is_skipped_as_triton_skips_one_that_does_not_compile():
    x = torch.zeros(300)
    capped[grid(300)](x, 300)
    assert capped.best_config.kwargs["BLOCK"] == 64 and torch.equal(x, torch.ones(300))
    assert capped.timings[(300, "torch.float32")][capped.configs[0]] == float("inf")
    assert any("fails a static_assert" in n and "BLOCK: 256" in n
               for n in kernbench.current().notes)
    with pytest.raises(kernbench.KernelError, match="CompileTimeAssertionFailure"):
        capped.fn[(1,)](x, 300, BLOCK=256)  # launched directly, the failure is an error


def test_a_trial_that_reaches_the_best_time_so_far_stops_there_and_the_choice_is_unchanged():
    kernbench.configure("h200")
    n = 50000
    x, out = torch.rand(n), torch.empty(n)
    alone = {}  # each config's time when it is the only one (no tuning, no budget)
    for c in CONFIGS:
        k = scaled_by([c])
        alone[c] = triton.testing.do_bench(lambda: k[grid(n)](x, out, n)) * 1e9
    assert len(set(alone.values())) == len(CONFIGS)  # distinct: the order below is strict
    key = (n, "torch.float32", "torch.float32")
    fastest_first = sorted(CONFIGS, key=alone.get)
    tuned = scaled_by(fastest_first)
    ms = triton.testing.do_bench(lambda: tuned[grid(n)](x, out, n))
    assert tuned.best_config is fastest_first[0]
    assert ms * 1e9 == pytest.approx(alone[tuned.best_config])
    times = tuned.timings[key]
    assert times[fastest_first[0]] == pytest.approx(alone[fastest_first[0]])
    assert all(times[c] == float("inf") for c in fastest_first[1:])  # both stopped
    notes = kernbench.current().notes
    assert any(note.count("stopped at the best time so far") == 2 for note in notes)
    slowest_first = fastest_first[::-1]
    tuned = scaled_by(slowest_first)
    triton.testing.do_bench(lambda: tuned[grid(n)](x, out, n))
    assert tuned.best_config is fastest_first[0]
    assert tuned.timings[key] == pytest.approx(alone)  # each one beat the best so far: none stopped
