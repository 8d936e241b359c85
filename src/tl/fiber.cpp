#include "tl/fiber.hpp"

#include <memory>
#include <utility>

namespace kernbench::tl {

Fiber::Fiber(StackPool& stacks, std::function<void()> body) : body_(std::move(body)) {
  self_ = boost::context::fiber(std::allocator_arg, stacks.handle(),
                                [this](boost::context::fiber&& caller) {
                                  caller_ = std::move(caller);
                                  try {
                                    body_();
                                  } catch (const boost::context::detail::forced_unwind&) {
                                    throw;  // unwinding an abandoned fiber: let Boost finish it
                                  } catch (...) {
                                    error_ = std::current_exception();
                                  }
                                  done_ = true;
                                  return std::move(caller_);
                                });
}

void Fiber::resume() {
  self_ = std::move(self_).resume();
}

void Fiber::yield() {
  if (hooks_.leave == nullptr) {
    caller_ = std::move(caller_).resume();
    return;
  }
  // `enter` must run however the resume returns: normally, or by the
  // forced unwind of a fiber abandoned while suspended.
  struct Enter {
    const SwitchHooks& h;
    ~Enter() { h.enter(h.context); }
  };
  hooks_.leave(hooks_.context);
  Enter on_return{hooks_};
  caller_ = std::move(caller_).resume();
}

}  // namespace kernbench::tl
