#pragma once
// One I2C link to one ATECC608A, step by step as cryptoauthlib drives it (fact sheet B5): the
// wake pulse, the word-address writes (reset 0x00, sleep 0x01, idle 0x02, command 0x03), and
// execution: send the packet, poll the count byte while the chip NACKs its address, read the rest
// of the group, check its CRC and status. Atecc (atecc.h) strings these into a command cycle.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/atecc/packet.h"
#include "core/atecc/timing.h"
#include "core/status.h"
#include "hal/clock.h"
#include "hal/i2c_initiator.h"

namespace kb::core::atecc {

inline constexpr uint8_t kDefaultAddress7 = 0x60;  // 0xC0 in cryptoauthlib's 8-bit form

struct TransportOptions {
  uint8_t address7 = kDefaultAddress7;
  // The rate the bus runs at and goes back to after a wake pulse. At or below the wake rate no
  // rate change is asked for (cryptoauthlib only drops a faster bus).
  uint32_t bus_rate_hz = 400000;
  uint32_t wake_rate_hz = kWakeRateHz;
  uint32_t wake_delay_us = kWakeDelayUs;
  uint8_t wake_read_attempts = kWakeReadAttempts;
  PollingPolicy polling{};
};

class Transport {
 public:
  using Payload = std::span<const uint8_t>;

  Transport(hal::I2cInitiator& i2c, hal::Clock& clock, TransportOptions options = {});
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Drop to the wake rate, write to the general-call address so SDA stays low through its
  // address byte, wait wake_delay_us, read the 4-byte token (retrying address NACKs), go back to
  // the bus rate. 04 11 33 43 is success; a well-formed 04 07 group is the chip's self-test
  // failure (device status 0x07); anything else is kWakeFailed. A bus that cannot change its
  // rate sends the pulse at its own rate, which wakes the chip only at about 130 kHz or less.
  Status wake();
  Status idle();
  Status sleep();
  // Word address 0x00: the next read starts again at the beginning of the output buffer.
  Status reset_io();

  Status send(const Command& command);
  // Waits and polls for the answer to `opcode` (its time matters only without polling), then
  // reads and checks the group. The payload is returned as the chip sent it, status byte
  // included; it points into this transport and stays valid until the next receive.
  Result<Payload> receive(uint8_t opcode);
  // send + receive, with no meaning given to the payload.
  Result<Payload> execute_raw(const Command& command);
  // execute_raw, and a 1-byte payload other than 0x00 becomes
  // Status::device(Domain::kAtecc, byte) (see device_status.h).
  Result<Payload> execute(const Command& command);

  // The last group read, for tests and traces. The packet is not kept: it may carry key material
  // (PrivWrite, Write, Nonce pass-through), so its buffer is wiped once it is on the wire.
  std::span<const uint8_t> last_group() const { return std::span<const uint8_t>(rx_).first(rx_length_); }

  const TransportOptions& options() const { return options_; }
  void set_options(const TransportOptions& options) { options_ = options; }
  hal::Clock& clock() { return clock_; }

 private:
  Status word(uint8_t word_address);
  Status read_wake_token(std::span<uint8_t, 4> token);
  Status read_count_byte(uint64_t sent_at_ns);

  hal::I2cInitiator& i2c_;
  hal::Clock& clock_;
  TransportOptions options_;
  // Word address 0x03 and the packet go out in one write.
  std::array<uint8_t, 1 + kMaxPacketBytes> tx_{};
  std::array<uint8_t, kMaxGroupBytes> rx_{};
  size_t rx_length_ = 0;
};

}  // namespace kb::core::atecc
