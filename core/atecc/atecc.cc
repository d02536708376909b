#include "core/atecc/atecc.h"

namespace kb::core::atecc {

Atecc::Atecc(hal::I2cInitiator& i2c, hal::Clock& clock, TransportOptions options) : transport_(i2c, clock, options) {}

template <typename Step>
Result<Atecc::Payload> Atecc::cycle(Step step) {
  const Status woken = transport_.wake();
  Result<Payload> result = woken.ok() ? step() : Result<Payload>(woken);
  last_idle_ = transport_.idle();
  return result;
}

Result<Atecc::Payload> Atecc::run(const Command& command) {
  return cycle([&] { return transport_.execute(command); });
}

Result<Atecc::Payload> Atecc::run_raw(const Command& command) {
  return cycle([&] { return transport_.execute_raw(command); });
}

}  // namespace kb::core::atecc
