#pragma once
// Sends a command the way ST's library's frame transfer does (fact sheet 3.1): plain, or through
// the host session when the command access table asks for C-MAC/R-MAC or encryption. Queries,
// puts and reset do not come here; they always go raw through the Transport.
#include <array>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/frame.h"
#include "core/stsafe/host_session.h"
#include "core/stsafe/transport.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe {

class CommandChannel {
 public:
  CommandChannel(Transport& transport, const CommandAccessTable& table, HostSession& session)
      : transport_(transport), table_(table), session_(session) {}
  CommandChannel(const CommandChannel&) = delete;
  CommandChannel& operator=(const CommandChannel&) = delete;

  // Scratch space a command can build its payload in, from its first byte (see PayloadWriter); the
  // bytes a payload used are wiped after its exchange.
  std::span<uint8_t> payload_buffer() { return payload_; }

  // `payload` is what follows the header byte(s), in plaintext. A command the table protects with
  // no open session → kNotProvisioned and nothing is sent. The returned payload is valid until the
  // next exchange.
  Result<ResponseFrame> exchange(CommandHeader header, std::span<const uint8_t> payload, ExpectedPayload expected);

  Protection protection(CommandHeader header) const { return protection_for(table_, header); }
  Transport& transport() { return transport_; }
  HostSession& session() { return session_; }

 private:
  Transport& transport_;
  const CommandAccessTable& table_;
  HostSession& session_;
  std::array<uint8_t, kMaxFrameBytes> payload_{};
};

}  // namespace kb::core::stsafe
