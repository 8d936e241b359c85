"""Programs are suspended while the engine runs others: a spin lock across
programs, a data-dependent loop, atomics in simulated-time order, and an
abandoned launch that leaves the interpreter usable."""

import numpy as np
import pytest
import torch

import kernbench
import triton
import triton.language as tl


@triton.jit
def locked_increment(lock, counter, order, ROUNDS: tl.constexpr):
    for _ in range(ROUNDS):
        while tl.atomic_cas(lock, 0, 1) == 1:
            pass
        v = tl.load(counter)
        tl.store(order + v, tl.program_id(0))
        tl.store(counter, v + 1)
        tl.debug_barrier()
        tl.atomic_xchg(lock, 0)


def test_a_spin_lock_serialises_read_modify_write_across_programs():
    lock = torch.zeros(1, dtype=torch.int32)
    counter = torch.zeros(1, dtype=torch.int32)
    order = torch.full((24,), -1, dtype=torch.int32)
    locked_increment[(8,)](lock, counter, order, ROUNDS=3)
    assert counter.item() == 24  # no increment lost
    assert sorted(order.tolist()) == sorted(list(range(8)) * 3)
    assert lock.item() == 0


@triton.jit
def collatz_steps(x_ptr, out_ptr):
    pid = tl.program_id(0)
    v = tl.load(x_ptr + pid)
    steps = 0
    while v != 1:  # the trip count depends on loaded data
        if v % 2 == 0:
            v = v // 2
        else:
            v = 3 * v + 1
        steps += 1
    tl.store(out_ptr + pid, steps)


def test_a_data_dependent_loop_runs_as_many_trips_as_the_data_says():
    x = np.array([1, 6, 7, 27], dtype=np.int32)
    out = np.zeros(4, dtype=np.int32)
    collatz_steps[(4,)](x, out)
    assert out.tolist() == [0, 8, 16, 111]


@triton.jit
def take_ticket(tickets, out):
    t = tl.atomic_add(tickets, 1)
    tl.store(out + tl.program_id(0), t)


def test_atomics_hand_out_every_ticket_once():
    tickets = torch.zeros(1, dtype=torch.int32)
    out = torch.full((16,), -1, dtype=torch.int32)
    take_ticket[(16,)](tickets, out)
    assert sorted(out.tolist()) == list(range(16)) and tickets.item() == 16


@triton.jit
def spin_forever_unless_first(flag, BLOCK: tl.constexpr):
    if tl.program_id(0) == 0:
        tl.store(flag + tl.arange(0, BLOCK) * 1000000, tl.zeros([BLOCK], dtype=tl.float32))
    while tl.load(flag) == 0:
        pass


def test_a_failed_launch_abandons_suspended_programs_and_the_next_launch_runs():
    flag = torch.zeros(1)
    with pytest.raises(kernbench.KernelError, match="program 0"):
        spin_forever_unless_first[(4,)](flag, BLOCK=4)
    x, y = torch.ones(64), torch.ones(64)
    out = torch.empty(64)
    from test_tutorial_kernels import add
    add[(1,)](x, y, out, 64, BLOCK=64)
    assert torch.equal(out, x + y)
