#pragma once
// Sends one command frame and reads its response the way ST's host library (STSELib v1.1.9)
// does it (fact sheet 1.5): write (retrying while the address is NACKed), wait, read the first
// five bytes to learn the length, then read the whole response again from byte 0. A lost
// arbitration is retried like an address NACK, within the same budget: another initiator had the
// bus, and the transfer that lost it never reached the chip whole.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/frame.h"
#include "hal/clock.h"
#include "hal/i2c_initiator.h"

namespace kb::core::stsafe {

inline constexpr uint8_t kDefaultAddress7 = 0x20;

struct PollingPolicy {
  uint32_t first_interval_ms = 10;  // wait after the write before the first read (polling mode)
  uint32_t retry_interval_ms = 10;  // wait after each address NACK
  uint16_t max_retries = 100;       // attempts per phase (write, first read, second read); at least one is made
  bool use_polling = true;          // false: wait the command's execution time from timing.h instead
};

// How many payload bytes the command needs. A shorter payload is kResponseTruncated. A longer one
// is tolerated like ST's library does (the extra goes nowhere): `exact` cuts it to min_length,
// otherwise the caller gets every byte (variable-length answers such as tables) — unless
// `longer_is_malformed`, for answers whose fields cannot be placed in a payload of another length
// (CCM* encrypt: kResponseMalformed).
struct ExpectedPayload {
  uint16_t min_length = 0;
  bool exact = true;
  bool longer_is_malformed = false;
};
constexpr ExpectedPayload expect_exactly(uint16_t n) {
  return ExpectedPayload{n, true, false};
}
constexpr ExpectedPayload expect_at_least(uint16_t n) {
  return ExpectedPayload{n, false, false};
}
// n bytes and not one more.
constexpr ExpectedPayload expect_precisely(uint16_t n) {
  return ExpectedPayload{n, true, true};
}

class Transport {
 public:
  Transport(hal::I2cInitiator& i2c, hal::Clock& clock, uint8_t address7 = kDefaultAddress7, PollingPolicy policy = {});
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Scratch space a command can build its frame in; transfer() then sends it without copying.
  std::span<uint8_t> command_buffer() { return tx_; }

  // Sends `frame` (complete, CRC included) and returns the response. A device status other than
  // 0 comes back as Status::device(Domain::kStsafe, status) and the payload is dropped. The
  // returned payload points into this transport and is valid until the next transfer.
  Result<ResponseFrame> transfer(std::span<const uint8_t> frame, ExpectedPayload expected);

  // What went over the wire last, for tests and traces: the command frame as written, and the
  // bytes of the last read transaction (the full response, or the 5-byte peek if it stopped there).
  std::span<const uint8_t> last_command() const { return std::span<const uint8_t>(tx_).first(tx_length_); }
  std::span<const uint8_t> last_response() const { return std::span<const uint8_t>(rx_).first(rx_length_); }

  uint8_t address7() const { return address7_; }
  const PollingPolicy& policy() const { return policy_; }
  void set_policy(const PollingPolicy& policy) { policy_ = policy; }
  hal::Clock& clock() { return clock_; }

 private:
  Status write_command();
  Status read_response(size_t length);

  hal::I2cInitiator& i2c_;
  hal::Clock& clock_;
  uint8_t address7_;
  PollingPolicy policy_;
  std::array<uint8_t, kMaxCommandWireBytes> tx_{};
  std::array<uint8_t, kMaxResponseWireBytes> rx_{};
  size_t tx_length_ = 0;
  size_t rx_length_ = 0;
};

}  // namespace kb::core::stsafe
