#pragma once
// The ATECC608A as the command functions (commands/*.h) see it: every command runs as one
// cryptoauthlib cycle (fact sheet B5.7) — wake, send, poll, receive, idle — and the idle is sent
// even when a step failed, so the chip never waits on its watchdog. Idle keeps TempKey, the
// message digest buffer, the alternate key buffer and the SHA context, which is what lets
// Random → Nonce → Sign or SHA start/update/end span several cycles.
#include <cstdint>

#include "core/atecc/packet.h"
#include "core/atecc/transport.h"
#include "core/status.h"
#include "hal/clock.h"
#include "hal/i2c_initiator.h"

namespace kb::core::atecc {

class Atecc {
 public:
  using Payload = Transport::Payload;

  Atecc(hal::I2cInitiator& i2c, hal::Clock& clock, TransportOptions options = {});
  Atecc(const Atecc&) = delete;
  Atecc& operator=(const Atecc&) = delete;

  // One cycle; a non-zero status byte is Status::device(Domain::kAtecc, byte).
  Result<Payload> run(const Command& command);
  // One cycle with the payload as the chip sent it (SelfTest's result byte is no status).
  Result<Payload> run_raw(const Command& command);

  // What the idle at the end of the last cycle returned. A failed idle does not fail the command
  // (cryptoauthlib ignores it too); the chip then sleeps at its watchdog and loses TempKey.
  Status last_idle() const { return last_idle_; }

  Transport& transport() { return transport_; }

 private:
  template <typename Step>
  Result<Payload> cycle(Step step);

  Transport transport_;
  Status last_idle_;
};

}  // namespace kb::core::atecc
