// Fuzz target: the STSAFE-A120 model's command frame decoder on I2C write bytes.
//
// Input: mode (1) | bytes.
//   mode bit 0 clear: the bytes are the write exactly as given (almost never CRC-correct).
//   mode bit 0 set:   the bytes are header(s) | payload | C-MAC and the harness appends their CRC,
//                     so every mutation of a frame is still a frame (without it most mutations
//                     stop at the CRC check until compare tracing patches the CRC in); bit 1 then
//                     flips CRC bit (mode >> 4), which the decoder must refuse.
// The CRC is the host library's (bit by bit), not the model's (table driven): the two sides are
// independent implementations, so this is also a differential test of the CRC.
//
// Oracle: the decoder accepts exactly the writes fact sheet 1.2 calls frames (header + CRC at
// least, the CRC right, an extended code after a 0x1F header code, four C-MAC bytes when header
// bit 7 is set); an accepted frame's parts lie inside the write and add up to it, and the host
// library's frame builder given those parts writes the same bytes back (or refuses a frame longer
// than the chip takes).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <variant>
#include <vector>

#include "core/stsafe/crc16.h"
#include "core/stsafe/frame.h"
#include "simulator/stsafe_a120/frame_decoder.h"

namespace {

namespace core = kb::core::stsafe;
namespace model = kb::sim::stsafe_a120;

constexpr uint8_t kAppendCrc = 0x01;
constexpr uint8_t kCorruptCrc = 0x02;
constexpr size_t kCrcLength = 2;

void require(bool condition) {
  if (!condition) std::abort();
}

bool inside(std::span<const uint8_t> part, std::span<const uint8_t> whole) {
  if (part.empty()) return true;
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

// Fact sheet 1.2, written out independently of the decoder.
bool is_frame(std::span<const uint8_t> wire) {
  if (wire.size() < 1 + kCrcLength) return false;
  const std::span<const uint8_t> covered = wire.first(wire.size() - kCrcLength);
  const uint16_t sent = static_cast<uint16_t>(wire[wire.size() - 2] << 8 | wire[wire.size() - 1]);
  if (core::crc16(covered) != sent) return false;
  const size_t header_length = (wire[0] & 0x1F) == 0x1F ? 2 : 1;
  const size_t mac_length = (wire[0] & 0x80) != 0 ? 4 : 0;
  return covered.size() >= header_length + mac_length;
}

void check_frame(const model::CommandFrame& f, std::span<const uint8_t> wire) {
  const size_t header_length = f.ext_code ? 2 : 1;
  require(inside(f.payload, wire) && inside(f.cmac, wire));
  require(f.header == wire[0] && f.code == (wire[0] & model::kCodeMask));
  require(f.ext_code.has_value() == (f.code == model::kExtendedPrefix));
  require(!f.ext_code || *f.ext_code == wire[1]);
  require(f.cmac.size() == ((f.header & model::kCMacFlag) != 0 ? model::kCMacLength : 0));
  require(header_length + f.payload.size() + f.cmac.size() + kCrcLength == wire.size());
  require(f.is_protected() == ((f.header & model::kProtectionMask) != 0));

  // The host's builder, given the same parts, must write the same bytes. It knows an extended
  // header only without protection bits; a protected one goes in as a code byte and an ext byte.
  std::array<uint8_t, core::kMaxCommandWireBytes> out{};
  const bool plain_extended = f.header == core::kExtendedCommandPrefix;
  core::CommandFrameBuilder builder(
      out, plain_extended ? core::CommandHeader::extended(*f.ext_code) : core::CommandHeader::standard(f.header));
  if (f.ext_code && !plain_extended) builder.byte(*f.ext_code);
  builder.bytes(f.payload).bytes(f.cmac);
  const auto built = builder.finish();
  if (wire.size() > core::kMaxCommandWireBytes) {
    require(!built.ok());
    return;
  }
  require(built.ok());
  const std::span<const uint8_t> rebuilt = built.value();
  require(rebuilt.size() == wire.size() && std::equal(rebuilt.begin(), rebuilt.end(), wire.begin()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::vector<uint8_t> wire(data + 1, data + size);
  if ((mode & kAppendCrc) != 0) {
    const uint16_t crc = core::crc16(wire);
    wire.push_back(static_cast<uint8_t>(crc >> 8));
    wire.push_back(static_cast<uint8_t>(crc));
    if ((mode & kCorruptCrc) != 0) {
      const unsigned bit = mode >> 4;  // 0..15, counted from the CRC's last bit
      wire[wire.size() - 1 - bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    }
  }
  const auto decoded = model::decode_command_frame(wire);
  const auto* frame = std::get_if<model::CommandFrame>(&decoded);
  require((frame != nullptr) == is_frame(wire));
  if (frame != nullptr) {
    check_frame(*frame, wire);
  } else {
    require(std::get<model::Status>(decoded) == model::Status::kCommunicationError);
  }
  if ((mode & (kAppendCrc | kCorruptCrc)) == (kAppendCrc | kCorruptCrc)) require(frame == nullptr);
  return 0;
}
