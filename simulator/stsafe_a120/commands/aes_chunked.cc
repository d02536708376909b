// Chunked CCM* and GCM (fact sheet 2.2 and 2.5): start, process and finish encrypt (1F 11..1F 13)
// and decrypt (1F 14..1F 16). The slot's mode of operation picks the start layout; the key needs
// the chunked usage bit (2.8 usage byte 1 bit 5 encryption, bit 4 decryption).
//   CCM* start: slot | nonce length (2) | nonce | total AAD length (2) | total message length (4)
//               | AAD chunk length (2) | AAD | chunk length (2) | chunk
//   GCM start:  slot | IV length (2) | IV | AAD chunk length (2) | AAD | chunk length (2) | chunk
//   process:    AAD chunk length (2) | AAD | chunk length (2) | chunk                     -> chunk
//   finish:     the same, decryption followed by the tag (the key's tag length)
// Answers: the processed chunk; a CCM* encryption start adds the counter presence byte and the
// counter (as the one-shot encryption, 8 #10); an encryption finish adds the tag; a decryption
// finish answers result (1) | chunk, zeros in place of the chunk when the tag fails (8 #9).
//
// The chip holds one chunked operation, in RAM (volatile_state.h): reset and power loss end it.
// Model rules where the sheet is silent (docs/fidelity.md): process / finish with no operation
// running, or of the other direction → SESSION_ERROR (0x07); AAD after message bytes, more bytes
// than a CCM* start announced, or a CCM* finish short of its totals → INCONSISTENT_COMMAND_DATA and
// the operation ends; a CCM* nonce other than 13 bytes or a total message over 65535 (its 2-byte
// length field) → VALUE_OUT_OF_RANGE. Every start ends the operation before it, also when refused.
#include <algorithm>

#include "simulator/stsafe_a120/chip_aead.h"
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/symmetric_keys.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kCcmNonceLength = 13;
constexpr size_t kMaxCcmMessage = 0xFFFF;
constexpr size_t kCounterLength = 4;

// Reads big-endian length-prefixed fields off the front of a payload.
class Fields {
 public:
  explicit Fields(std::span<const uint8_t> bytes) : rest_(bytes) {}
  bool has(size_t n) const { return rest_.size() >= n; }
  uint32_t be(size_t n) {
    uint32_t v = 0;
    for (size_t i = 0; i < n; ++i) v = v << 8 | rest_[i];
    rest_ = rest_.subspan(n);
    return v;
  }
  // A 2-byte length and that many bytes; nullopt when they are not all there.
  std::optional<std::span<const uint8_t>> chunk() {
    if (!has(2)) return std::nullopt;
    const size_t length = be(2);
    if (!has(length)) return std::nullopt;
    std::span<const uint8_t> out = rest_.first(length);
    rest_ = rest_.subspan(length);
    return out;
  }
  std::span<const uint8_t> rest() const { return rest_; }

 private:
  std::span<const uint8_t> rest_;
};

struct Chunks {
  std::span<const uint8_t> aad;
  std::span<const uint8_t> data;
  std::span<const uint8_t> tag;  // finish decrypt only
};

// AAD chunk | data chunk | exactly tag_length more bytes.
std::optional<Chunks> read_chunks(Fields& f, size_t tag_length) {
  Chunks c;
  std::optional<std::span<const uint8_t>> aad = f.chunk();
  if (!aad) return std::nullopt;
  std::optional<std::span<const uint8_t>> data = f.chunk();
  if (!data || f.rest().size() != tag_length) return std::nullopt;
  c.aad = *aad;
  c.data = *data;
  c.tag = f.rest();
  return c;
}

// Feeds one AAD chunk and one data chunk to the running operation, holding it to its order and
// totals; the processed data, or INCONSISTENT_COMMAND_DATA.
std::variant<std::vector<uint8_t>, Status> feed(ChunkedAead& op, const Chunks& c) {
  if (!c.aad.empty()) {
    // GCM: the AAD is over once a message byte went through; CCM*: the start fixed its total.
    if (op.message_seen > 0) return Status::kInconsistentCommandData;
    if (op.ccm && op.aad_seen + c.aad.size() > op.aad_total) return Status::kInconsistentCommandData;
    op.stream->add_aad(c.aad);
    op.aad_seen += c.aad.size();
  }
  if (!c.data.empty()) {
    if (op.ccm && (op.aad_seen != op.aad_total || op.message_seen + c.data.size() > op.message_total))
      return Status::kInconsistentCommandData;
    op.message_seen += c.data.size();
  }
  return op.stream->process(c.data);
}

Response start(CommandContext& context, std::span<const uint8_t> payload, bool encrypt) {
  std::optional<ChunkedAead>& running = context.volatile_state.chunked_aead;
  running.reset();
  if (payload.empty()) return Response::error(Status::kInconsistentCommandData);
  const uint8_t slot = payload[0];
  KeyMode mode = KeyMode::kCcm;
  if (slot < kSymmetricSlotCount && context.state.symmetric_keys[slot].present &&
      context.state.symmetric_keys[slot].info.mode == KeyMode::kGcm) {
    mode = KeyMode::kGcm;
  }
  auto key =
      key_for_use(context.state, slot, mode, encrypt ? key_usage::kChunkedEncryption : key_usage::kChunkedDecryption);
  if (const Status* error = std::get_if<Status>(&key)) return Response::error(*error);
  const SymmetricKeySlot& k = *std::get<const SymmetricKeySlot*>(key);

  Fields f(payload.subspan(1));
  std::optional<std::span<const uint8_t>> nonce = f.chunk();
  if (!nonce) return Response::error(Status::kInconsistentCommandData);
  ChunkedAead op;
  op.encrypt = encrypt;
  op.ccm = mode == KeyMode::kCcm;
  op.tag_length = k.info.tag_length;
  std::vector<uint8_t> counter;
  if (op.ccm) {
    if (!f.has(6)) return Response::error(Status::kInconsistentCommandData);
    op.aad_total = f.be(2);
    op.message_total = f.be(4);
    std::optional<Chunks> c = read_chunks(f, 0);
    if (!c) return Response::error(Status::kInconsistentCommandData);
    if (nonce->size() != kCcmNonceLength || op.message_total > kMaxCcmMessage)
      return Response::error(Status::kValueOutOfRange);
    std::array<uint8_t, kCcmNonceLength> n{};
    std::copy(nonce->begin(), nonce->end(), n.begin());
    if (encrypt && k.info.has_counter) {
      // As the one-shot encryption: the counter is spent (persisted) before it is used.
      if (k.counter == 0xFFFFFFFF) return Response::error(Status::kCounterLimitExceeded);
      context.store.write_symmetric_key_counter(k.info.slot, k.counter + 1);
      for (size_t i = 0; i < kCounterLength; ++i) {
        counter.push_back(static_cast<uint8_t>(k.counter >> (8 * (kCounterLength - 1 - i))));
      }
      std::copy(counter.begin(), counter.end(), n.begin() + k.info.counter_offset);
    }
    op.stream = chip_aead::ccm_stream(k.key, n, op.tag_length, op.aad_total, op.message_total, encrypt);
    auto out = feed(op, *c);
    if (const Status* error = std::get_if<Status>(&out)) return Response::error(*error);
    std::vector<uint8_t> answer = std::move(std::get<std::vector<uint8_t>>(out));
    if (encrypt) {
      answer.push_back(k.info.has_counter ? 0x01 : 0x00);
      for (uint8_t b : counter) answer.push_back(b);
    }
    running = std::move(op);
    return Response::ok(std::move(answer));
  }
  std::optional<Chunks> c = read_chunks(f, 0);
  if (!c) return Response::error(Status::kInconsistentCommandData);
  if (nonce->empty()) return Response::error(Status::kValueOutOfRange);
  op.stream = chip_aead::gcm_stream(k.key, *nonce, op.tag_length, encrypt);
  auto out = feed(op, *c);
  if (const Status* error = std::get_if<Status>(&out)) return Response::error(*error);
  running = std::move(op);
  return Response::ok(std::move(std::get<std::vector<uint8_t>>(out)));
}

Response process(CommandContext& context, std::span<const uint8_t> payload, bool encrypt, bool finish) {
  std::optional<ChunkedAead>& running = context.volatile_state.chunked_aead;
  if (!running || running->encrypt != encrypt) return Response::error(Status::kSessionError);
  ChunkedAead& op = *running;
  Fields f(payload);
  std::optional<Chunks> c = read_chunks(f, finish && !encrypt ? op.tag_length : 0);
  if (!c) {
    running.reset();
    return Response::error(Status::kInconsistentCommandData);
  }
  auto out = feed(op, *c);
  if (const Status* error = std::get_if<Status>(&out)) {
    running.reset();
    return Response::error(*error);
  }
  std::vector<uint8_t> chunk = std::move(std::get<std::vector<uint8_t>>(out));
  if (!finish) return Response::ok(std::move(chunk));

  const ChunkedAead done = std::move(op);
  running.reset();
  if (done.ccm && (done.aad_seen != done.aad_total || done.message_seen != done.message_total))
    return Response::error(Status::kInconsistentCommandData);
  if (encrypt) {
    for (uint8_t b : done.stream->tag()) chunk.push_back(b);
    return Response::ok(std::move(chunk));
  }
  const bool verified = done.stream->verify(c->tag);
  std::vector<uint8_t> answer{static_cast<uint8_t>(verified ? 0x01 : 0x00)};
  if (verified) {
    for (uint8_t b : chunk) answer.push_back(b);
  } else {
    answer.resize(1 + chunk.size(), 0x00);
  }
  return Response::ok(std::move(answer));
}
}  // namespace

Response run_start_encrypt(CommandContext& context, std::span<const uint8_t> payload) {
  return start(context, payload, true);
}
Response run_process_encrypt(CommandContext& context, std::span<const uint8_t> payload) {
  return process(context, payload, true, false);
}
Response run_finish_encrypt(CommandContext& context, std::span<const uint8_t> payload) {
  return process(context, payload, true, true);
}
Response run_start_decrypt(CommandContext& context, std::span<const uint8_t> payload) {
  return start(context, payload, false);
}
Response run_process_decrypt(CommandContext& context, std::span<const uint8_t> payload) {
  return process(context, payload, false, false);
}
Response run_finish_decrypt(CommandContext& context, std::span<const uint8_t> payload) {
  return process(context, payload, false, true);
}

}  // namespace kb::sim::stsafe_a120
