#include "core/stsafe/transport.h"

#include <cstring>

#include "core/bus_status.h"
#include "core/stsafe/timing.h"

namespace kb::core::stsafe {

namespace {

// The header, L and the next two bytes: enough to learn the length, and the whole response when
// it carries no payload.
constexpr size_t kPeekBytes = kResponseHeaderBytes + kLengthFieldBytes + kCrcBytes;

// An address NACK means "busy" on this chip, and a lost arbitration means another initiator had
// the bus: both are worth waiting for. Anything else is a real failure.
bool worth_retrying(hal::I2cResult r) {
  return r == hal::I2cResult::kAddressNack || r == hal::I2cResult::kArbitrationLost;
}

// What the last attempt saw, once the budget is spent.
Status out_of_retries(hal::I2cResult last) {
  return last == hal::I2cResult::kArbitrationLost ? Code::kBusArbitrationLost : Code::kBusAddressNack;
}

}  // namespace

Transport::Transport(hal::I2cInitiator& i2c, hal::Clock& clock, uint8_t address7, PollingPolicy policy)
    : i2c_(i2c), clock_(clock), address7_(address7), policy_(policy) {}

Status Transport::write_command() {
  const std::span<const uint8_t> frame = last_command();
  const uint32_t attempts = policy_.max_retries == 0 ? 1u : policy_.max_retries;
  hal::I2cResult r = hal::I2cResult::kAddressNack;
  for (uint32_t attempt = 0; attempt < attempts; ++attempt) {
    r = i2c_.write(address7_, frame);
    if (!worth_retrying(r)) return status_of(r);
    clock_.sleep_ms(policy_.retry_interval_ms);
  }
  return out_of_retries(r);
}

Status Transport::read_response(size_t length) {
  rx_length_ = 0;
  const std::span<uint8_t> rx = std::span<uint8_t>(rx_).first(length);
  const uint32_t attempts = policy_.max_retries == 0 ? 1u : policy_.max_retries;
  hal::I2cResult r = hal::I2cResult::kAddressNack;
  for (uint32_t attempt = 0; attempt < attempts; ++attempt) {
    r = i2c_.read(address7_, rx);
    if (r == hal::I2cResult::kOk) rx_length_ = length;
    if (!worth_retrying(r)) return status_of(r);
    clock_.sleep_ms(policy_.retry_interval_ms);
  }
  return out_of_retries(r);
}

Result<ResponseFrame> Transport::transfer(std::span<const uint8_t> frame, ExpectedPayload expected) {
  if (frame.empty() || frame.size() > tx_.size()) return Code::kInvalidArgument;
  if (frame.data() != tx_.data()) std::memmove(tx_.data(), frame.data(), frame.size());
  tx_length_ = frame.size();
  rx_length_ = 0;

  KB_TRY(write_command());
  clock_.sleep_ms(policy_.use_polling ? policy_.first_interval_ms : execution_time_ms(last_command()));

  KB_TRY(read_response(kPeekBytes));
  const uint16_t length = response_length_field(last_response());
  if (length < kCrcBytes) return Code::kResponseMalformed;
  // Checked before the second read so that a garbled length never makes the host read 64 KiB.
  if (kResponseHeaderBytes + (length - kCrcBytes) > kMaxFrameBytes) return Code::kResponseOversize;
  // A header-only response is complete after the peek; anything longer is read again from byte 0.
  if (length > kCrcBytes) KB_TRY(read_response(kResponseHeaderBytes + kLengthFieldBytes + length));

  Result<ResponseFrame> parsed = parse_response(last_response());
  if (!parsed.ok()) return parsed.status();
  ResponseFrame response = parsed.value();
  if (response.status() != 0) return Status::device(Domain::kStsafe, response.status());
  if (response.payload.size() < expected.min_length) return Code::kResponseTruncated;
  if (expected.longer_is_malformed && response.payload.size() > expected.min_length) return Code::kResponseMalformed;
  if (expected.exact) response.payload = response.payload.first(expected.min_length);
  return response;
}

}  // namespace kb::core::stsafe
