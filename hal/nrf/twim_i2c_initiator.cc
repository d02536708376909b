#include "hal/nrf/twim_i2c_initiator.h"

#include <algorithm>
#include <atomic>
#include <cstring>

namespace kb::hal::nrf {

namespace {
// TWIM registers (nRF5340 product specification, TWIM chapter).
constexpr uint32_t kTasksStartRx = 0x000;
constexpr uint32_t kTasksStartTx = 0x008;
constexpr uint32_t kTasksStop = 0x014;
constexpr uint32_t kTasksResume = 0x020;
constexpr uint32_t kEventsStopped = 0x104;
constexpr uint32_t kEventsError = 0x124;
constexpr uint32_t kEventsLastRx = 0x15C;
constexpr uint32_t kEventsLastTx = 0x160;
constexpr uint32_t kShorts = 0x200;
constexpr uint32_t kErrorSrc = 0x4C4;
constexpr uint32_t kEnable = 0x500;
constexpr uint32_t kPselScl = 0x508;
constexpr uint32_t kPselSda = 0x50C;
constexpr uint32_t kFrequency = 0x524;
constexpr uint32_t kRxdPtr = 0x534;
constexpr uint32_t kRxdMaxcnt = 0x538;
constexpr uint32_t kRxdAmount = 0x53C;
constexpr uint32_t kTxdPtr = 0x544;
constexpr uint32_t kTxdMaxcnt = 0x548;
constexpr uint32_t kTxdAmount = 0x54C;
constexpr uint32_t kAddress = 0x588;

constexpr uint32_t kShortLastTxStartRx = 1u << 7;
constexpr uint32_t kShortLastTxStop = 1u << 9;
constexpr uint32_t kShortLastRxStop = 1u << 12;

constexpr uint32_t kErrorOverrun = 1u << 0;
constexpr uint32_t kErrorAddressNack = 1u << 1;
constexpr uint32_t kErrorDataNack = 1u << 2;
constexpr uint32_t kErrorAll = kErrorOverrun | kErrorAddressNack | kErrorDataNack;

constexpr uint32_t kEnableTwim = 6;
constexpr uint32_t kDisabled = 0;

// MAXCNT and AMOUNT are 16-bit fields on the nRF5340.
constexpr size_t kMaxCount = 0xFFFF;

// GPIO (secure aliases): PIN_CNF[n] at 0x200 + 4n from the port's base.
constexpr uint32_t kGpioP0 = 0x50842500;
constexpr uint32_t kGpioP1 = 0x50842800;
constexpr uint32_t kPinCnf = 0x200;
// DIR input, input buffer connected, pull-up, DRIVE S0D1 (open drain as I2C needs), MCUSEL app core.
constexpr uint32_t kPinCnfPullUp = 3u << 2;
constexpr uint32_t kPinCnfDriveS0D1 = 6u << 8;

// Which of the two waits returned.
constexpr uint32_t kSawStopped = 1u << 0;
constexpr uint32_t kSawError = 1u << 1;

uint32_t psel(TwimPin p) {
  return (uint32_t{p.port} << 5) | (p.pin & 0x1Fu);
}

uint32_t frequency_value(TwimFrequency f) {
  switch (f) {
    case TwimFrequency::k100kHz: return 0x01980000;
    case TwimFrequency::k250kHz: return 0x04000000;
    case TwimFrequency::k400kHz: return 0x06400000;
    case TwimFrequency::k1MHz: return 0x0FF00000;
  }
  return 0x01980000;
}

uint32_t frequency_hz(TwimFrequency f) {
  switch (f) {
    case TwimFrequency::k100kHz: return 100000;
    case TwimFrequency::k250kHz: return 250000;
    case TwimFrequency::k400kHz: return 400000;
    case TwimFrequency::k1MHz: return 1000000;
  }
  return 100000;
}
}  // namespace

TwimI2cInitiator::TwimI2cInitiator(RegisterBus& bus, Clock& clock, TwimDmaBuffer dma, const TwimConfig& config)
    : bus_(bus), clock_(clock), dma_(dma), config_(config), rate_hz_(frequency_hz(config.frequency)) {
  configure_pin(config_.scl);
  configure_pin(config_.sda);
  // PSEL and FREQUENCY are taken while the TWIM is disabled; ENABLE last.
  bus_.write32(reg(kPselScl), psel(config_.scl));
  bus_.write32(reg(kPselSda), psel(config_.sda));
  bus_.write32(reg(kFrequency), frequency_value(config_.frequency));
  bus_.write32(reg(kEnable), kEnableTwim);
}

size_t TwimI2cInitiator::max_transfer_bytes() const {
  return dma_.ram.size();
}

void TwimI2cInitiator::configure_pin(TwimPin pin) {
  const uint32_t port = pin.port == 0 ? kGpioP0 : kGpioP1;
  bus_.write32(port + kPinCnf + 4u * (pin.pin & 0x1Fu), kPinCnfPullUp | kPinCnfDriveS0D1);
}

I2cResult TwimI2cInitiator::do_set_rate_hz(uint32_t hz) {
  for (TwimFrequency f :
       {TwimFrequency::k100kHz, TwimFrequency::k250kHz, TwimFrequency::k400kHz, TwimFrequency::k1MHz}) {
    if (frequency_hz(f) == hz) {
      bus_.write32(reg(kFrequency), frequency_value(f));
      rate_hz_ = hz;
      return I2cResult::kOk;
    }
  }
  return I2cResult::kUnsupported;
}

void TwimI2cInitiator::clear_events() {
  for (uint32_t e : {kEventsStopped, kEventsError, kEventsLastTx, kEventsLastRx}) bus_.write32(reg(e), 0);
}

uint64_t TwimI2cInitiator::budget_ns(size_t bytes) const {
  // Each byte is 9 SCL periods; one more byte for each address phase, and twice that for slack.
  const uint64_t bits = 9u * (bytes + 2u);
  return 2u * bits * 1000000000u / rate_hz_ + config_.stretch_allowance_ns;
}

uint32_t TwimI2cInitiator::wait_for(uint32_t events_mask, uint64_t deadline_ns) {
  for (;;) {
    uint32_t seen = 0;
    if ((events_mask & kSawStopped) && bus_.read32(reg(kEventsStopped)) != 0) seen |= kSawStopped;
    if ((events_mask & kSawError) && bus_.read32(reg(kEventsError)) != 0) seen |= kSawError;
    if (seen != 0) return seen;
    if (clock_.now_ns() >= deadline_ns) return 0;
  }
}

bool TwimI2cInitiator::stop_and_wait() {
  // A TWIM suspended by an error only acts on STOP after RESUME.
  bus_.write32(reg(kTasksResume), 1);
  bus_.write32(reg(kTasksStop), 1);
  return wait_for(kSawStopped, clock_.now_ns() + config_.stop_timeout_ns) != 0;
}

void TwimI2cInitiator::restart() {
  // Not even STOP got through: start the peripheral over (PSEL and FREQUENCY are kept).
  bus_.write32(reg(kEnable), kDisabled);
  bus_.write32(reg(kEnable), kEnableTwim);
}

I2cResult TwimI2cInitiator::do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) {
  const size_t total = tx.size() + rx.size();
  // An address-only transaction has no EasyDMA form the TWIM documents; nothing in keybench sends one.
  if (address7 > 0x7F || total == 0 || total > dma_.ram.size() || tx.size() > kMaxCount || rx.size() > kMaxCount) {
    return I2cResult::kUnsupported;
  }
  const uint32_t rx_address = dma_.address + static_cast<uint32_t>(tx.size());
  if (!tx.empty()) std::memcpy(dma_.ram.data(), tx.data(), tx.size());

  clear_events();
  bus_.write32(reg(kErrorSrc), kErrorAll);  // write-one-to-clear
  bus_.write32(reg(kAddress), address7);
  uint32_t shorts = 0;
  if (!tx.empty()) {
    bus_.write32(reg(kTxdPtr), dma_.address);
    bus_.write32(reg(kTxdMaxcnt), static_cast<uint32_t>(tx.size()));
    shorts |= rx.empty() ? kShortLastTxStop : kShortLastTxStartRx;
  }
  if (!rx.empty()) {
    bus_.write32(reg(kRxdPtr), rx_address);
    bus_.write32(reg(kRxdMaxcnt), static_cast<uint32_t>(rx.size()));
    shorts |= kShortLastRxStop;
  }
  bus_.write32(reg(kShorts), shorts);
  // The bytes must be in RAM before EasyDMA fetches them (a DMB on the Cortex-M33).
  std::atomic_thread_fence(std::memory_order_seq_cst);
  bus_.write32(reg(tx.empty() ? kTasksStartRx : kTasksStartTx), 1);

  const uint64_t deadline = clock_.now_ns() + budget_ns(total);
  const uint32_t seen = wait_for(kSawStopped | kSawError, deadline);
  I2cResult result = I2cResult::kOk;
  if (seen == 0) {
    result = I2cResult::kTimeout;
    if (!stop_and_wait()) restart();
  } else if ((seen & kSawStopped) == 0) {
    // ERROR without STOPPED: the TWIM holds the bus until told to stop, unless the error hit the
    // last byte of a write whose LASTTX→STOP shortcut has already fired.
    const bool stopping = (shorts & kShortLastTxStop) && bus_.read32(reg(kEventsLastTx)) != 0;
    const bool stopped =
        stopping ? wait_for(kSawStopped, clock_.now_ns() + config_.stop_timeout_ns) != 0 : stop_and_wait();
    if (!stopped) {
      result = I2cResult::kTimeout;
      restart();
    }
  }
  // And EasyDMA's writes are seen before the CPU reads the buffer.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (result == I2cResult::kOk) result = finish(tx.size(), rx.size());
  if (result == I2cResult::kOk && !rx.empty()) std::memcpy(rx.data(), dma_.ram.data() + tx.size(), rx.size());
  bus_.write32(reg(kShorts), 0);
  clear_events();
  std::fill_n(dma_.ram.data(), total, uint8_t{0});
  return result;
}

I2cResult TwimI2cInitiator::finish(size_t tx_bytes, size_t rx_bytes) {
  const uint32_t errors = bus_.read32(reg(kErrorSrc)) & kErrorAll;
  if (errors != 0) bus_.write32(reg(kErrorSrc), errors);
  if (errors & kErrorAddressNack) return I2cResult::kAddressNack;
  if (errors & kErrorDataNack) return I2cResult::kDataNack;
  if (errors & kErrorOverrun) return I2cResult::kBusError;
  // Stopped without an error but short of the bytes asked for: something ended the transaction
  // that the driver did not ask for.
  if (tx_bytes != 0 && bus_.read32(reg(kTxdAmount)) != tx_bytes) return I2cResult::kBusError;
  if (rx_bytes != 0 && bus_.read32(reg(kRxdAmount)) != rx_bytes) return I2cResult::kBusError;
  return I2cResult::kOk;
}

}  // namespace kb::hal::nrf
