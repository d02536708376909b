#include "core/atecc/transport.h"

#include <algorithm>

#include "core/atecc/device_status.h"
#include "core/atecc/wipe.h"
#include "core/bus_status.h"

namespace kb::core::atecc {

namespace {

enum : uint8_t { kWordReset = 0x00, kWordSleep = 0x01, kWordIdle = 0x02, kWordCommand = 0x03 };

constexpr uint8_t kGeneralCallAddress = 0x00;
constexpr uint8_t kAfterWakeToken[4] = {0x04, 0x11, 0x33, 0x43};

constexpr uint64_t kNsPerMs = 1000000;

}  // namespace

Transport::Transport(hal::I2cInitiator& i2c, hal::Clock& clock, TransportOptions options)
    : i2c_(i2c), clock_(clock), options_(options) {}

Status Transport::wake() {
  const bool drop = options_.bus_rate_hz > options_.wake_rate_hz;
  // A bus that cannot change its rate still gets the pulse, at its own rate: on a 100 kHz Linux
  // adapter that is all the wake needs.
  bool dropped = false;
  if (drop) {
    const hal::I2cResult r = i2c_.set_rate_hz(options_.wake_rate_hz);
    if (r != hal::I2cResult::kOk && r != hal::I2cResult::kUnsupported) return status_of(r);
    dropped = r == hal::I2cResult::kOk;
  }
  // Nobody answers the general-call address, so the address byte's eight low bits and the
  // NACK are the whole transaction; the data byte (CAL-2019's Linux HAL sends one) never goes
  // out. A one-byte write rather than an empty one, because some adapters refuse zero-length
  // messages.
  const uint8_t pulse[] = {0x00};
  const hal::I2cResult pulse_result = i2c_.write(kGeneralCallAddress, pulse);
  Status result = Code::kOk;
  if (pulse_result == hal::I2cResult::kBusError || pulse_result == hal::I2cResult::kTimeout ||
      pulse_result == hal::I2cResult::kArbitrationLost) {
    result = status_of(pulse_result);
  }
  std::array<uint8_t, 4> token{};
  if (result.ok()) {
    clock_.sleep_us(options_.wake_delay_us);
    result = read_wake_token(token);
  }
  // The rate goes back whatever happened, or the next command would crawl at 100 kHz.
  if (dropped) {
    const hal::I2cResult r = i2c_.set_rate_hz(options_.bus_rate_hz);
    if (result.ok() && r != hal::I2cResult::kOk) result = status_of(r);
  }
  if (!result.ok()) return result;
  if (std::equal(token.begin(), token.end(), kAfterWakeToken)) return Code::kOk;
  const auto payload = parse_group(token);
  if (payload.ok() && (*payload)[0] == static_cast<uint8_t>(DeviceStatus::kSelfTestError)) {
    return device_error((*payload)[0]);
  }
  return Code::kWakeFailed;
}

Status Transport::read_wake_token(std::span<uint8_t, 4> token) {
  const uint32_t attempts = std::max<uint32_t>(1, options_.wake_read_attempts);
  for (uint32_t attempt = 0; attempt < attempts; ++attempt) {
    const hal::I2cResult r = i2c_.read(options_.address7, token);
    if (r != hal::I2cResult::kAddressNack) return status_of(r);
  }
  // Still asleep after the pulse: the chip did not wake.
  return Code::kWakeFailed;
}

Status Transport::word(uint8_t word_address) {
  const uint8_t byte[] = {word_address};
  return status_of(i2c_.write(options_.address7, byte));
}

Status Transport::idle() {
  return word(kWordIdle);
}

Status Transport::sleep() {
  return word(kWordSleep);
}

Status Transport::reset_io() {
  return word(kWordReset);
}

Status Transport::send(const Command& command) {
  rx_length_ = 0;
  tx_[0] = kWordCommand;
  const size_t length = encode_packet(command, std::span<uint8_t>(tx_).subspan(1));
  if (length == 0) return Code::kInvalidArgument;
  const hal::I2cResult r = i2c_.write(options_.address7, std::span<const uint8_t>(tx_).first(1 + length));
  wipe(std::span<uint8_t>(tx_).subspan(1, length));
  return status_of(r);
}

// The chip NACKs its address while it executes (B5.6): that NACK is what the host polls on. Any
// other failure ends the command at once.
Status Transport::read_count_byte(uint64_t sent_at_ns) {
  const PollingPolicy& p = options_.polling;
  const auto count = std::span<uint8_t>(rx_).first(1);
  for (;;) {
    const hal::I2cResult r = i2c_.read(options_.address7, count);
    if (r == hal::I2cResult::kOk) return Code::kOk;
    if (r != hal::I2cResult::kAddressNack) return status_of(r);
    if (!p.use_polling) return Code::kDeviceTimeout;
    if (clock_.now_ns() - sent_at_ns >= uint64_t{p.ceiling_ms} * kNsPerMs) return Code::kDeviceTimeout;
    clock_.sleep_ms(p.poll_interval_ms);
  }
}

Result<Transport::Payload> Transport::receive(uint8_t opcode) {
  const PollingPolicy& p = options_.polling;
  const uint64_t sent_at = clock_.now_ns();
  rx_length_ = 0;
  clock_.sleep_ms(p.use_polling ? p.first_poll_ms : execution_time_ms(opcode, p.divider));
  KB_TRY(read_count_byte(sent_at));
  const uint8_t count = rx_[0];
  rx_length_ = 1;
  if (count < kMinGroupBytes) return Code::kResponseTruncated;
  // Checked before the second read, so a garbled count never makes the host read past its buffer.
  if (count > rx_.size()) return Code::kResponseOversize;
  KB_TRY(status_of(i2c_.read(options_.address7, std::span<uint8_t>(rx_).subspan(1, count - 1u))));
  rx_length_ = count;
  return parse_group(last_group());
}

Result<Transport::Payload> Transport::execute_raw(const Command& command) {
  KB_TRY(send(command));
  return receive(command.opcode);
}

Result<Transport::Payload> Transport::execute(const Command& command) {
  Result<Payload> payload = execute_raw(command);
  if (!payload.ok()) return payload;
  if (payload->size() == 1 && (*payload)[0] != static_cast<uint8_t>(DeviceStatus::kSuccess)) {
    return device_error((*payload)[0]);
  }
  return payload;
}

}  // namespace kb::core::atecc
