#pragma once
// The board's I2cInitiator: the nRF5340 TWIM (I2C controller with EasyDMA), polled, through a
// RegisterBus so that the same driver runs on MMIO on the chip and on a register-level fake in the
// tests. Offsets, shortcuts and FREQUENCY values are the nRF5340 product specification's.
//
// EasyDMA moves bytes between the bus and RAM only (it cannot fetch from code flash, where a
// caller's constant frames live), so every transfer goes through one RAM buffer the driver is
// given: the bytes to write are copied in, the bytes read are copied out, and the used part is
// zeroed afterwards because host keys cross this bus in plaintext.
//
// The TWIM does not stop on its own after an error: on ERROR the driver resumes and stops it and
// waits for STOPPED. Every wait is bounded with the Clock; a peripheral that never finishes (a
// target holding SCL low) is a timeout, after which the driver stops the TWIM and, if even STOPPED
// never comes, disables and re-enables it so the next transfer starts from a clean peripheral.
#include <cstdint>
#include <span>

#include "hal/clock.h"
#include "hal/i2c_initiator.h"
#include "hal/register_bus.h"

namespace kb::hal::nrf {

// RAM the TWIM's EasyDMA can reach, and the address the peripheral sees it at. On the chip the
// address is the buffer's own (docs/board-build.md); a fake maps it to its model of RAM.
struct TwimDmaBuffer {
  std::span<uint8_t> ram;
  uint32_t address = 0;
};

// A pin as PSEL and the GPIO see it: port 0 or 1, pin 0..31.
struct TwimPin {
  uint8_t port = 0;
  uint8_t pin = 0;
};

// The four SCL rates the TWIM runs at; set_rate_hz accepts these and no others.
enum class TwimFrequency : uint8_t { k100kHz, k250kHz, k400kHz, k1MHz };

struct TwimConfig {
  // TWIM1, secure (SERIAL1): SERIAL0 is the console's UARTE0.
  uint32_t base = 0x50009000;
  // nRF5340 DK Arduino header: SCL P1.03, SDA P1.02 (where an STSAFE or ATECC shield sits).
  TwimPin scl{1, 3};
  TwimPin sda{1, 2};
  TwimFrequency frequency = TwimFrequency::k400kHz;
  // Beyond twice the transfer's bit time at the current rate, what a transfer may take for clock
  // stretching and bus arbitration before it is a timeout.
  uint64_t stretch_allowance_ns = 10'000'000;
  // How long STOPPED may take once STOP is triggered (after an error or a timeout).
  uint64_t stop_timeout_ns = 1'000'000;
};

class TwimI2cInitiator final : public I2cInitiator {
 public:
  // Configures the pins (input, pull-up, standard-0 disconnect-1 drive), PSEL, FREQUENCY, and
  // enables the TWIM.
  TwimI2cInitiator(RegisterBus& bus, Clock& clock, TwimDmaBuffer dma, const TwimConfig& config = {});

  // The longest transfer (bytes written plus bytes read) the DMA buffer carries; a longer one is
  // kUnsupported, nothing sent.
  size_t max_transfer_bytes() const;

 private:
  I2cResult do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) override;
  I2cResult do_set_rate_hz(uint32_t hz) override;

  uint32_t reg(uint32_t offset) const { return config_.base + offset; }
  void configure_pin(TwimPin pin);
  void clear_events();
  // Polls until STOPPED, ERROR or the deadline; returns which of the first two it saw (0 neither).
  uint32_t wait_for(uint32_t events_mask, uint64_t deadline_ns);
  // RESUME and STOP, then STOPPED within stop_timeout_ns.
  bool stop_and_wait();
  void restart();
  I2cResult finish(size_t tx_bytes, size_t rx_bytes);
  uint64_t budget_ns(size_t bytes) const;

  RegisterBus& bus_;
  Clock& clock_;
  TwimDmaBuffer dma_;
  TwimConfig config_;
  uint32_t rate_hz_;
};

}  // namespace kb::hal::nrf
