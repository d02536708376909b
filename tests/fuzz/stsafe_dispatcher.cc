// Fuzz target: a whole STSAFE-A120 model on a bench, fed command frames over the I2C bus.
//
// Input: fixture (1) | flags (1) | frames, each `be16 length | frame body`.
//   fixture  index into kFixtures, the chip's starting state (factory, host keys written,
//            recommended access conditions with encrypted commands/responses, symmetric keys,
//            and both of the last two together)
//   flags    bit 0: append the right CRC to each body (else the body is written exactly as given)
//            bit 1: send each body through the host channel: header bits 7..5 set, C-MAC with the
//                   chip's host MAC key and current counter (the body is `header(s) | payload`)
//            bit 2: with bit 1, encrypt the payload first (AES-CBC, command IV, 80 00.. padding)
//            bit 3: cut the power between frames
// So a mutation can reach the C-MAC, C-ENC and command paths without solving a CRC or a MAC.
//
// Oracle: every read answers a well-formed response frame (L = bytes after it, CRC over header
// and payload), and the chip is never left busy once its execution time has passed.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/chip_crypto.h"
#include "simulator/stsafe_a120/crc16.h"
#include "simulator/stsafe_a120/frame_decoder.h"
#include "simulator/stsafe_a120/host_session.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

namespace model = kb::sim::stsafe_a120;
using kb::sim::Bench;

// The last entry is made here, not read: the symmetric keys of stsafe-symmetric-keys.json under the
// access conditions of stsafe-recommended-ac.json, so R-ENC meets responses that carry a payload.
constexpr const char* kFixtures[] = {
    "default.json",
    "stsafe-keys-written.json",
    "stsafe-recommended-ac.json",
    "stsafe-symmetric-keys.json",
    "stsafe-wrapped-ready.json",
    "stsafe-host-key-locked.json",
    "<symmetric keys under the recommended access conditions>",
};
constexpr size_t kFixtureCount = sizeof(kFixtures) / sizeof(kFixtures[0]);
constexpr uint8_t kFixCrc = 0x01;
constexpr uint8_t kHostChannel = 0x02;
constexpr uint8_t kEncryptCommand = 0x04;
constexpr uint8_t kPowerCut = 0x08;
// Longer than any execution time in the model's timing table.
constexpr kb::sim::Nanoseconds kSettle = 2000 * kb::sim::kMillisecond;
// A read that asks for more than any response holds.
constexpr size_t kReadLength = model::kMaxCommandFrameLength + 8;

std::vector<nlohmann::json>& fixtures() {
  static std::vector<nlohmann::json> loaded;
  return loaded;
}

void append_crc(std::vector<uint8_t>& frame) {
  const uint16_t crc = model::crc16(frame);
  frame.push_back(static_cast<uint8_t>(crc >> 8));
  frame.push_back(static_cast<uint8_t>(crc));
}

// header(s) | payload → protected header(s) | payload (encrypted if asked) | C-MAC.
std::vector<uint8_t> protect(std::span<const uint8_t> body, const model::State& state, bool encrypt) {
  std::vector<uint8_t> header{static_cast<uint8_t>(body[0] | model::kProtectionMask)};
  if ((body[0] & model::kCodeMask) == model::kExtendedPrefix && body.size() > 1) header.push_back(body[1]);
  std::vector<uint8_t> payload(body.begin() + static_cast<std::ptrdiff_t>(header.size()), body.end());
  const model::HostKeySlot& key = state.host_key;
  if (encrypt && key.present) {
    const auto iv = model::command_iv(key.cipher_key, key.cmac_counter + 1);
    payload = model::chip_crypto::aes_cbc_encrypt(key.cipher_key, iv, model::add_padding(payload));
  }
  std::vector<uint8_t> frame = header;
  frame.insert(frame.end(), payload.begin(), payload.end());
  // Without a host key any MAC is as good as another: the chip must refuse it before using a key.
  if (key.present) {
    const auto mac = model::command_mac(key.mac_key, key.cmac_counter, header, payload);
    frame.insert(frame.end(), mac.begin(), mac.end());
  } else {
    frame.insert(frame.end(), model::kCMacLength, 0x00);
  }
  return frame;
}

void check_response(std::span<const uint8_t> wire) {
  // Header, L and the CRC at least; L counts the payload and the CRC.
  const size_t length = static_cast<size_t>(wire[1]) << 8 | wire[2];
  if (length < 2 || 3 + length > wire.size()) std::abort();
  std::vector<uint8_t> covered{wire[0]};
  covered.insert(covered.end(), wire.begin() + 3, wire.begin() + 3 + static_cast<std::ptrdiff_t>(length) - 2);
  const uint16_t crc = static_cast<uint16_t>(wire[1 + length] << 8 | wire[2 + length]);
  if (model::crc16(covered) != crc) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  for (size_t i = 0; i + 1 < kFixtureCount; ++i) {
    const std::string path = std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + kFixtures[i];
    std::ifstream in(path);
    if (!in) {
      std::fprintf(stderr, "stsafe_dispatcher: cannot read %s\n", path.c_str());
      std::abort();
    }
    fixtures().push_back(nlohmann::json::parse(in));
  }
  nlohmann::json combined = fixtures()[3];
  combined["devices"][0]["state"]["command_access"] = fixtures()[2]["devices"][0]["state"]["command_access"];
  fixtures().push_back(combined);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kb::fuzz::FuzzInput input({data, size});
  const size_t fixture = input.byte() % kFixtureCount;
  const uint8_t flags = input.byte();
  std::unique_ptr<Bench> bench = Bench::from_json(fixtures()[fixture], kFixtures[fixture]);
  model::Stsafe* chip = bench->first<model::Stsafe>();
  const uint8_t address = model::Stsafe::kDefaultAddress;

  while (!input.empty()) {
    const std::span<const uint8_t> body = input.record();
    std::vector<uint8_t> frame(body.begin(), body.end());
    if ((flags & kHostChannel) != 0 && !body.empty()) {
      frame = protect(body, chip->state(), (flags & kEncryptCommand) != 0);
    }
    if ((flags & kFixCrc) != 0) append_crc(frame);

    bench->bus().write(address, frame);
    bench->scheduler().advance_by(kSettle);
    if (chip->busy()) std::abort();
    std::vector<uint8_t> response(kReadLength);
    if (bench->bus().read(address, response) == kb::sim::BusOutcome::kAck) check_response(response);
    if ((flags & kPowerCut) != 0) bench->power_cycle();
  }
  return 0;
}
