#!/usr/bin/env python3
"""Writes the seed corpora under tests/fuzz/corpus/<target>/ (run from anywhere; rerun after
changing a target's input format). Frames follow shared/reference/stsafe-a120-protocol.md:
command CRC over everything before it, response CRC over header and payload, CRC-16/X-25 sent
high byte first (section 1.4).

    python3 tests/fuzz/make_seeds.py [--keybench PATH] [TARGET ...]

The state and campaign report loaders also get seeds from real runs: states that `keybench run
FLOW --state FILE` saved (clean and with the fault plans of fixtures/faults/) and reports that
`keybench campaign FLOW --report FILE` wrote. Those need a built keybench (default
build/tools/keybench); without one, their targets are left as they are unless named."""
import argparse
import json
import pathlib
import shutil
import subprocess
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = HERE / "corpus"


def crc16(data):
    crc = 0xFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc ^ 0xFFFF


def be16(n):
    return bytes([n >> 8 & 0xFF, n & 0xFF])


def be32(n):
    return bytes([n >> 24 & 0xFF, n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF])


def command(body):
    return body + be16(crc16(body))


def response(header, payload=b""):
    return bytes([header]) + be16(len(payload) + 2) + payload + be16(crc16(bytes([header]) + payload))


def record(data):
    return be16(len(data)) + data


# Fact sheet checks (section 1.4 table): the generator must reproduce them before writing anything.
assert command(bytes.fromhex("1411")) == bytes.fromhex("1411FCBE")
assert command(bytes.fromhex("00010203")) == bytes.fromhex("00010203A729")
assert command(bytes.fromhex("01")) == bytes.fromhex("01E1F1")
assert response(0x00) == bytes.fromhex("000002F078")

P256_ID = bytes.fromhex("00082A8648CE3D030107")
# The P-256 base point (SEC 2): a valid public key to send and to answer with.
GX = bytes.fromhex("6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296")
GY = bytes.fromhex("4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5")
P256_G_FIELD = b"\x04" + be16(32) + GX + be16(32) + GY
P384_ID = bytes.fromhex("00052B81040022")
X25519_ID = bytes.fromhex("00032B656E")
ED25519_ID = bytes.fromhex("00032B6570")
X25519_BASE = bytes([9]) + bytes(31)  # RFC 7748: u = 9
MAC_KEY = bytes.fromhex("00112233445566778899AABBCCDDEEFF")
CIPHER_KEY = bytes.fromhex("0123456789ABCDEF0123456789ABCDEF")
NONCE = bytes(range(13))
MESSAGE = bytes(range(16))
CCM_ENCRYPT = bytes([0x1B, 0x02, 0x05]) + NONCE + be16(8) + b"\x5A" * 8 + be16(16) + MESSAGE
CCM_CIPHERTEXT = bytes.fromhex("696630BB080FE41D610489D3DA232166") + bytes.fromhex("0EDBC627")
CCM_DECRYPT = bytes([0x1C, 0x02, 0x05]) + NONCE + be16(8) + b"\x5A" * 8 + be16(20) + CCM_CIPHERTEXT
CMAC_GENERATE = bytes([0x09, 0x03, 0x03, 0x04]) + MESSAGE

# mode | bytes (stsafe_frame_decoder.cc): mode 0x01 appends the CRC, 0x00 takes the write as given,
# 0x03 | bit << 4 appends it and flips CRC bit `bit`.
RAW, WITH_CRC = 0x00, 0x01
frame_decoder = {
    "query_product_data": bytes([WITH_CRC]) + bytes.fromhex("1411"),
    "query_command_authorization": bytes([WITH_CRC]) + bytes.fromhex("1424"),
    "echo": bytes([WITH_CRC]) + bytes.fromhex("00010203"),
    "reset": bytes([WITH_CRC]) + bytes.fromhex("01"),
    "generate_random": bytes([WITH_CRC]) + bytes.fromhex("020020"),
    "stop_kek_session": bytes([WITH_CRC]) + bytes.fromhex("1F06"),
    "write_host_key_plaintext": bytes([WITH_CRC]) + bytes.fromhex("1F0700000000") + MAC_KEY + CIPHER_KEY,
    "protected_generate_mac": bytes([WITH_CRC]) + bytes([0xE9]) + CMAC_GENERATE[1:] + bytes(4),
    "protected_extended": bytes([WITH_CRC]) + bytes.fromhex("FF0B") + P256_ID + bytes(4),
    "longest_frame": bytes([WITH_CRC]) + bytes.fromhex("00") + bytes(751),
    "one_past_longest": bytes([WITH_CRC]) + bytes.fromhex("00") + bytes(752),
    "extended_without_code": bytes([WITH_CRC]) + bytes.fromhex("1F"),
    "cmac_flag_without_mac": bytes([WITH_CRC]) + bytes.fromhex("8001"),
    "extended_cmac_cut": bytes([WITH_CRC]) + bytes.fromhex("9F0B000000"),
    "raw_echo": bytes([RAW]) + command(bytes.fromhex("00010203")),
    "raw_bad_crc": bytes([RAW]) + bytes.fromhex("00010203A72A"),
    "raw_too_short": bytes([RAW]) + bytes.fromhex("00"),
    "crc_bit_flipped": bytes([0x03 | 9 << 4]) + bytes.fromhex("1411"),
}

SHA256_ID = "0009 608648016503040201"
# fixture index (stsafe_dispatcher.cc kFixtures) | flags | records
FIX_CRC, HOST, ENCRYPT, POWER = 0x01, 0x02, 0x04, 0x08
dispatcher = {
    "factory_raw_echo_and_query": bytes([0, 0]) + record(command(bytes.fromhex("00010203")))
    + record(command(bytes.fromhex("1411"))),
    "factory_queries": bytes([0, FIX_CRC]) + b"".join(
        record(bytes.fromhex(h)) for h in ["1424", "1447", "144A", "1423", "144B03", "1408", "140A", "1412"]),
    "factory_provision_host_key": bytes([0, FIX_CRC]) + record(bytes.fromhex("104A07FF"))
    + record(bytes.fromhex("1F0700000000") + MAC_KEY + CIPHER_KEY) + record(bytes.fromhex("1447")),
    "factory_random_reset": bytes([0, FIX_CRC | POWER]) + record(bytes.fromhex("020020"))
    + record(bytes.fromhex("01")) + record(bytes.fromhex("0200FF")),
    "keys_written_protected_echo": bytes([1, FIX_CRC | HOST]) + record(bytes.fromhex("00010203"))
    + record(bytes.fromhex("1F0B") + P256_ID),
    "keys_written_plain_after_protected": bytes([1, FIX_CRC]) + record(bytes.fromhex("E0010203") + bytes(4)),
    "recommended_ac_encrypted_ccm": bytes([2, FIX_CRC | HOST | ENCRYPT]) + record(CCM_ENCRYPT),
    "recommended_ac_plain_refused": bytes([2, FIX_CRC]) + record(CCM_ENCRYPT),
    "symmetric_keys_mac_and_ccm": bytes([3, FIX_CRC]) + record(CMAC_GENERATE)
    + record(bytes([0x0A, 0x02, 0x03, 0x04]) + bytes.fromhex("BE4CA3F2") + MESSAGE) + record(CCM_ENCRYPT),
    "symmetric_keys_protected": bytes([3, FIX_CRC | HOST]) + record(CMAC_GENERATE) + record(bytes.fromhex("1423")),
    "wrapped_ready_kek_session": bytes([4, FIX_CRC]) + record(bytes.fromhex("1F0B") + P256_ID)
    + record(bytes.fromhex("1F03") + P256_ID + P256_G_FIELD + b"\x01") + record(bytes.fromhex("1F09") + bytes(32))
    + record(bytes.fromhex("1F06")),
    "wrapped_ready_establish_host_key": bytes([4, FIX_CRC]) + record(bytes.fromhex("1F0B") + P256_ID)
    + record(bytes.fromhex("1F18") + P256_ID + P256_G_FIELD + b"\x03\x00"),
    "locked_put": bytes([5, FIX_CRC]) + record(bytes.fromhex("104A0FFF")) + record(bytes.fromhex("1F0700000000")
                                                                                  + MAC_KEY + CIPHER_KEY),
    # Fact sheet 7.3: AES-256 CCM* of 00..0F under 32 x 5A, nonce 00..0C, AAD 8 x 5A, tag 4.
    "keys_under_ac_ccm_both_ways": bytes([6, FIX_CRC | HOST | ENCRYPT]) + record(CCM_ENCRYPT)
    + record(CCM_DECRYPT),
    "keys_under_ac_decrypt_r_enc": bytes([6, FIX_CRC | HOST]) + record(CCM_DECRYPT),
    # A slot opened to plaintext writes (slot control 0x19: ECDHE anonymous, change right, plaintext),
    # an erasable ECB key written, used both ways and erased; then an anonymous ECDHE establishment
    # and a confirmation under a wrong MAC.
    "factory_symmetric_plaintext_ecb_and_ecdhe": bytes([0, FIX_CRC]) + record(bytes.fromhex("104B0719FFFF"))
    + record(bytes.fromhex("1F17" "02070002000C") + MESSAGE) + record(bytes.fromhex("1B0207") + MESSAGE)
    + record(bytes.fromhex("1C0207") + MESSAGE) + record(bytes.fromhex("1F1907")) + record(bytes.fromhex("1F1907"))
    + record(bytes.fromhex("1F05") + bytes(8)) + record(bytes.fromhex("1F04") + P256_ID + P256_G_FIELD + b"\x02")
    + record(bytes.fromhex("1F05") + bytes(8) + be16(7) + bytes.fromhex("00070001000002")),
    # GCM and chunked CCM* / GCM (1F 11..1F 16): slots 8 and 7 opened to plaintext writes, a GCM key
    # (tag 16) and a CCM* key (tag 4) with all four encryption usage bits; one-shot GCM both ways, a
    # chunked GCM encryption and decryption (good tag), a chunked CCM* encryption, then the
    # refusals: process without a start, AAD after message bytes, a reset in the middle.
    "factory_gcm_and_chunked": bytes([0, FIX_CRC]) + b"".join(record(bytes.fromhex(h)) for h in [
        "104B0819FFFF", "104B0719FFFF", "1F17 0008 0003 003C 10" + "5A" * 16, "1F17 0007 0000 003C 0400" + "5A" * 16,
        "1B0208 000C" + "00" * 12 + "0004 01020304 0010" + MESSAGE.hex(), "1C0208 000C" + "00" * 12 + "0000 0000" + "00" * 16,
        "1F11 08 000C" + "00" * 12 + "0004 01020304 0008" + MESSAGE[:8].hex(), "1F12 0000 0004" + MESSAGE[8:12].hex(),
        "1F13 0000 0004" + MESSAGE[12:].hex(), "1F14 08 000C" + "00" * 12 + "0000 0008" + "00" * 8,
        "1F16 0000 0000" + "00" * 16, "1F11 07 000D" + NONCE.hex() + "0008 00000010 0008" + "5A" * 8 + "0004 00010203",
        "1F12 0000 0008 0405060708090A0B", "1F13 0000 0004 0C0D0E0F", "1F15 0000 0001 00",
        "1F11 08 000C" + "00" * 12 + "0000 0002 0102", "1F12 0001 00 0000", "1F11 08 0001 00 0000 0000", "01",
        "1F13 0000 0000"]),
    "factory_gcm_chunked_power_cut": bytes([0, FIX_CRC | POWER]) + b"".join(record(bytes.fromhex(h)) for h in [
        "104B0819FFFF", "1F17 0008 0003 003C 0C" + "11" * 16, "1F11 08 000C" + "00" * 12 + "0000 0002 0102",
        "1F13 0000 0000"]),
    # Derive keys (1F 10, RFC 5869 test case 1): slots 9 and 10 opened to plaintext writes and
    # derivation (control 0x38), an exportable HKDF key of 22 x 0B in slot 9; extract and expand to
    # the host from the command and from slot 9, a CMAC key into the free slot, extract alone, expand
    # from the PRK's slot, an HMAC key used by 0x09, and refusals (SHA-384, no descriptors).
    "factory_derive_keys": bytes([0, FIX_CRC]) + b"".join(record(bytes.fromhex(h)) for h in [
        "104B0938FFFF", "104B0A38FFFF", "1F17 0009 0204 0040 01 16" + "0B" * 22,
        "1F10 00 04 0016" + "0B" * 22 + "03" + SHA256_ID + "00 000D 000102030405060708090A0B0C"
        "000A F0F1F2F3F4F5F6F7F8F9 0003 01 002A",
        "1F10 02 09 03" + SHA256_ID + "00 0000 0000 0003 01 0020 0007 02 00 00 01 00 03 04",
        "1F10 02 09 02" + SHA256_ID + "00 0000", "1F10 02 0A 01" + SHA256_ID + "0000 0003 01 0010",
        "1F17 000A 0205 0003 10 14" + "0B" * 20, "0903 0A 20 4869205468657265",
        "1F10 02 09 03" + SHA256_ID[:-2] + "02 00 0000 0000", "1F10 02 09 03" + SHA256_ID + "00 0000 0000"]),
    "factory_derive_keys_power_cut": bytes([0, FIX_CRC | POWER]) + b"".join(record(bytes.fromhex(h)) for h in [
        "104B0938FFFF", "1F10 00 04 0016" + "0B" * 22 + "03" + SHA256_ID + "00 0000 0000 0007 02 00 00 01 00 03 04",
        "1423"]),
    # Every Put Attribute tag once, and an unknown one.
    "factory_put_attributes": bytes([0, FIX_CRC]) + b"".join(record(bytes.fromhex(h)) for h in [
        "100803", "100A4200", "1029011B03", "102A011B03", "104A07FF", "10FF00", "1F08" + "00" * 40]),
    # Data partitions (fact sheet 2.5) on the SPL05 zones: the table, writes and reads back, each
    # refusal once (past the end, NEVER, wrong zone type, counter below zero, answer too long,
    # reserved option bits, no such zone, a weaker access condition), and counters.
    "factory_data_partitions": bytes([0, FIX_CRC]) + b"".join(record(bytes.fromhex(h)) for h in [
        "1412", "068001001041424344", "0500010010 0004", "060001 02BB 0102", "050001 02BB 0002",
        "0680000000 3082", "0600050000 01", "0400050002 00000001 DEAD", "0500050000 0004",
        "0400050000 FFFFFFFF", "0400010000 00000001", "0400060000 00000000", "0519020000 0001",
        "0518020000 0001", "0500040000 02EC", "0520010000 0001", "0512010000 0001", "0500080000 0001",
        "0691030000 AA", "0600030000 BB", "1412"]),
    # The same writes with the power cut after each: the journal and what a power-up reads from it.
    "factory_data_partitions_power_cut": bytes([0, FIX_CRC | POWER]) + b"".join(record(bytes.fromhex(h)) for h in [
        "06800100 03" + "5A" * 37, "0500010000 0030", "0400050001 00000007 A1A2A3A4A5A6", "0500050000 0008",
        "06000400 00" + "77" * 40, "0500040000 0028"]),
    # Under the host channel: read AC changes, among them STSELib issue #63's option 0x18 (refused:
    # the factory zones' read change right is off), zone 2 made a HOST update zone and updated,
    # and decrements that raise zone 6's update AC to HOST and then to NEVER.
    "keys_written_host_zone": bytes([1, FIX_CRC | HOST]) + b"".join(record(bytes.fromhex(h)) for h in [
        "0519010000 0001", "0518010000 0001", "0500010000 0010", "0691020000 0102", "0600020000 0304",
        "0419060000 0000000A 55", "0500060000 0001", "0417060000 00000001"]),
    # Private key slots (fact sheet 2.5): the table, key pairs on P-256, X25519 and Ed25519, a signature,
    # a verification of a zero signature under the base point, ECDH with the base point, refusals, and
    # ECDHE on P-384 that the P-256 KEK session then refuses.
    # Start / process / finish hash (1F 00..02) on SHA-256 and SHA3-512, a SHA-1 start, an unknown
    # algorithm id, a process and a finish with no hash started, and a reset in between.
    "factory_hash": bytes([0, FIX_CRC | POWER]) + b"".join(record(x) for x in [
        bytes.fromhex("1F00" "0009608648016503040201") + b"a", bytes.fromhex("1F01") + b"b",
        bytes.fromhex("1F02") + b"c", bytes.fromhex("1F02"), bytes.fromhex("1F01") + b"x",
        bytes.fromhex("1F00" "000960864801650304020A") + bytes(200), bytes.fromhex("01"), bytes.fromhex("1F02"),
        bytes.fromhex("1F00" "00052B0E03021A00000000") + b"abc", bytes.fromhex("1F02"),
        bytes.fromhex("1F00" "0009608648016503040207") + b"abc", bytes.fromhex("1F00" "0009")]),
    "factory_private_keys": bytes([0, FIX_CRC | POWER]) + b"".join(record(x) for x in [
        bytes.fromhex("1414"),
        bytes.fromhex("1113010003" "0000") + P256_ID,
        bytes.fromhex("160100 20") + bytes(range(32)),
        bytes.fromhex("1700") + P256_ID + P256_G_FIELD + be16(32) + bytes(32) + be16(32) + bytes(32)
        + be16(32) + bytes(range(32)),
        bytes.fromhex("1801") + P256_G_FIELD,
        bytes.fromhex("1113020000" "0000") + X25519_ID,
        bytes.fromhex("1802") + be16(32) + X25519_BASE,
        bytes.fromhex("1113030000" "0000") + ED25519_ID,
        bytes.fromhex("160300 05") + b"hello",
        bytes.fromhex("1700") + ED25519_ID + be16(32) + bytes(32) + be16(32) + bytes(32) + be16(32) + bytes(32)
        + b"\x00" + be16(5) + b"hello",
        bytes.fromhex("160000 20") + bytes(32), bytes.fromhex("1800") + P256_G_FIELD,
        bytes.fromhex("1113000000" "0000") + P256_ID, bytes.fromhex("1F0B") + P384_ID,
        bytes.fromhex("1F03") + P256_ID + P256_G_FIELD + b"\x01", bytes.fromhex("1414")]),
    # Generic public key slots (fact sheet 2.3, 2.5): the table, the P-256 base point written to slot 1
    # and read back, a flags put that freezes slot 1 and one refused after it, a verification with
    # the slot's key, a challenge and an entity signature, decompression of G (and of an X with no
    # point), an Ed25519 key in slot 2 and refusals.
    "factory_public_keys": bytes([0, FIX_CRC | POWER]) + b"".join(record(x) for x in [
        bytes.fromhex("1448"),
        bytes.fromhex("1F0A01") + P256_ID + P256_G_FIELD,
        bytes.fromhex("144C01"),
        bytes.fromhex("104D010008"), bytes.fromhex("104D010009"),
        bytes.fromhex("1F0A01") + P256_ID + P256_G_FIELD,
        bytes.fromhex("1701 01") + be16(32) + bytes(32) + be16(32) + bytes(32) + be16(32) + bytes(range(32)),
        bytes.fromhex("1F0E"),
        bytes.fromhex("1F0F 00 01") + be16(32) + bytes(32) + be16(32) + bytes(32),
        bytes.fromhex("1F0F 00 01") + be16(32) + bytes(32) + be16(32) + bytes(32),
        bytes.fromhex("1F1A") + P256_ID + b"\x03" + GX,
        bytes.fromhex("1F1A") + P256_ID + b"\x02" + bytes(32),
        bytes.fromhex("1F0A02") + ED25519_ID + be16(32) + bytes(range(32)),
        bytes.fromhex("1F0E"),
        bytes.fromhex("1F0F 00 02") + be16(32) + bytes(32) + be16(32) + bytes(32),
        bytes.fromhex("1F0A04") + P256_ID + P256_G_FIELD, bytes.fromhex("1F1A") + ED25519_ID + b"\x02" + bytes(32),
        bytes.fromhex("144C02"), bytes.fromhex("1448")]),
    # Local envelopes (fact sheet 2.5): wrap keys generated in both slots (the second time refused),
    # the table, a wrap and its unwrap, a forged envelope, lengths the chip refuses; hibernate in both
    # wake modes and a wrong one; verify / delete password and a lock with no password present.
    "factory_local_envelopes_hibernate_password": bytes([0, FIX_CRC | POWER]) + b"".join(record(x) for x in [
        bytes.fromhex("1407"), bytes.fromhex("11070000"), bytes.fromhex("11070101"), bytes.fromhex("11070000"),
        bytes.fromhex("1407"), bytes.fromhex("0E00") + MESSAGE, bytes.fromhex("0F01") + bytes(24),
        bytes.fromhex("0E01") + bytes(12), bytes.fromhex("0F00") + bytes(7), bytes.fromhex("0D01"),
        bytes.fromhex("0D03"), bytes.fromhex("1A") + b"1" * 16, bytes.fromhex("0C09"), bytes.fromhex("1409"),
        bytes.fromhex("100883"), bytes.fromhex("0D02"), bytes.fromhex("1407")]),
    # Under the recommended access conditions: the wrap with its command encrypted.
    "recommended_ac_wrap_encrypted": bytes([2, FIX_CRC | HOST | ENCRYPT]) + record(bytes.fromhex("11070001"))
    + record(bytes.fromhex("0E00") + MESSAGE + MESSAGE) + record(bytes.fromhex("0F00") + bytes(40)),
    "bad_crc": bytes([0, 0]) + record(bytes.fromhex("00010203A72A")),
    "oversize": bytes([0, FIX_CRC]) + record(b"\x00" * 800),
}

# Zone access conditions and life cycles (fact sheet 2.5, docs/fidelity.md). SIGN = flags bit 4: a
# `1F 0F 00 slot` body gets the target's Ed25519 signature (RFC 8032 TEST 1 key) over the last
# challenge, so a seed can authenticate an entity; the key goes into a generic public key slot first.
SIGN = 0x10
ENTITY_PUBLIC = "0020 d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
WRITE_ENTITY_KEY = "1F0A {slot:02X} 00032B6570 " + ENTITY_PUBLIC
LOCKED_WITH_TRIES, COUNTER_EXHAUSTED = 7, 8


def frames(*hexes):
    return b"".join(record(bytes.fromhex(h)) for h in hexes)


dispatcher.update({
    # Under the host channel: zone 2's update AC and counter zone 6's raised to AUTH + HOST (6);
    # refused (0x11) until an entity passes Verify entity signature (no challenge first: 0x17), then
    # granted; an empty slot refuses without spending the challenge; a reset closes the zones again.
    "keys_written_auth_host_zones": bytes([1, FIX_CRC | HOST | SIGN]) + frames(
        "061E020000 0102", "0600020000 0304", "041E060000 00000001", "0400060000 00000001",
        WRITE_ENTITY_KEY.format(slot=3), "1F0F0003", "1F0E", "1F0F0002", "1F0F0003", "0600020000 0304",
        "0400060000 00000001", "0500020000 0004", "1412", "01", "0600020000 0506", "0400060000 00000001"),
    # Without the host channel an authenticated entity is not enough for AUTH + HOST; an invalid
    # signature (r = s = 0) answers validity 00; a slot whose entity-authentication flag was put
    # off answers 0x1B.
    "factory_auth_host_zone_without_host_channel": bytes([0, FIX_CRC | SIGN]) + frames(
        "061E020000 0102", "0600020000 0304", WRITE_ENTITY_KEY.format(slot=0), "1F0E", "1F0F0000",
        "0600020000 0304", "1F0E", "1F0F0000 0020" + "00" * 32 + "0020" + "00" * 32, "0500020000 0002",
        "104D010000", WRITE_ENTITY_KEY.format(slot=1), "1F0E", "1F0F0001", "144C01"),
    # Counter zones at zero: the exhausted zone 5 refuses a decrement (0x13; an amount of 0 is
    # 0x03 at any count); zone 6 taken down to exactly 0 and then refused.
    "counter_exhausted_decrements": bytes([COUNTER_EXHAUSTED, FIX_CRC]) + frames(
        "1412", "0500050000 0004", "0400050000 00000001", "0400050000 00000000", "0400060000 0007A120",
        "0500060000 0000", "0400060000 00000001", "0400060000 00000000", "1412"),
    # A factory counter taken to 0 with the power cut after each frame: the zero is persisted.
    "factory_counter_to_zero_power_cut": bytes([0, FIX_CRC | POWER]) + frames(
        "0400050000 0007A11F", "0400050000 00000001", "0500050000 0000", "0400050000 00000001"),
    # Operational + locked (0x83): every change answers 0x0F (zones, access conditions, control
    # fields, key pairs, wrap keys, symmetric and public keys, erase, delete password), while
    # reads, random, ECDHE and echo run; unlock needs the password (0x11 before it); after unlock
    # the update runs; born + locked (0x81) refuses again; a reset forgets the password.
    "locked_refusals_and_unlock": bytes([LOCKED_WITH_TRIES, FIX_CRC]) + frames(
        "1408", "0600010000 01", "0400050000 00000001", "0518010000 0001", "0500010000 0004", "104A07FF",
        "104B0303FFFF", "1113010000000000082A8648CE3D030107", "11070100",
        "1F17 00030001000302" + "5A" * 16, "1F1903", WRITE_ENTITY_KEY.format(slot=0), "0C09", "020010",
        "1F0B 00082A8648CE3D030107", "0000010203", "100803", "1A" + "31" * 16, "100803", "0600010000 01",
        "100881", "1408", "0600010000 02", "01", "100803", "1A" + "30" * 16, "1409"),
    # Terminated (0x04) from the factory, the power cut after each frame: changes refused with 0x0F
    # (a host key write too), reads run, and the state survives the cuts.
    "factory_terminated_power_cut": bytes([0, FIX_CRC | POWER]) + frames(
        "100804", "1408", "0600010000 01", "104A07FF", "1F0700000000" + MAC_KEY.hex() + CIPHER_KEY.hex(),
        "0500010000 0001", "0419060000 00000001", "0000010203", "100803", "0600010000 01"),
})

# flags | operation count | (operation, argument) pairs | records  (host_response_parser.cc)
OPEN, SEAL, SEAL_ENC = 0x04, 0x10, 0x20
product_data = bytes.fromhex("010300600B") + bytes.fromhex("0209") + bytes(9)
factory_table = bytes([0x03, 2, 0x00, 0x01, 0x00, 0x1F, 0x0B, 0x01, 0x00])
host_key_slot = bytes([0x01, 0x00]) + be32(0)
ops = lambda *pairs: bytes([len(pairs)]) + b"".join(bytes(p) for p in pairs)
host = {
    "init": bytes([0]) + ops((0, 0)) + record(response(0, product_data)) + record(response(0, factory_table))
    + record(response(0, factory_table)),
    "echo": bytes([0]) + ops((1, 3)) + record(response(0, bytes(3))),
    "random": bytes([0]) + ops((2, 8)) + record(response(0, bytes(range(8)))),
    "queries": bytes([0]) + ops((4, 0), (6, 0), (7, 0), (9, 3)) + record(response(0, b"\x03"))
    + record(response(0, host_key_slot)) + record(response(0, bytes.fromhex("07FF")))
    + record(response(0, bytes.fromhex("0AFFFF"))),
    "symmetric_table": bytes([0]) + ops((8, 0)) + record(response(0, bytes([3, 0x01, 0x00, 0x01, 0x00, 0x03, 0x02,
                                                                            0x00, 0x01, 0x01, 0x00, 0x00, 0x0C, 0x04,
                                                                            0x80]) + be32(7))),
    "error_status": bytes([0]) + ops((1, 3)) + record(response(0x16)),
    "wrapped_host_key": bytes([0]) + ops((12, 0)) + record(response(0, P256_ID + P256_G_FIELD))
    + record(response(0)) + record(response(0)) + record(response(0)),
    "sealed_mac": bytes([2 | OPEN | SEAL]) + ops((18, 0)) + record(bytes.fromhex("00BE4CA3F2")),
    "sealed_encrypted_ccm_decrypt": bytes([3 | OPEN | SEAL | SEAL_ENC]) + ops((21, 5))
    + record(b"\x00\x01" + MESSAGE),
    "sealed_encrypted_ccm_encrypt": bytes([1 | OPEN | SEAL | SEAL_ENC]) + ops((20, 5))
    + record(b"\x00" + bytes(16) + bytes(4) + b"\x00"),
    "sealed_counter_maximum": bytes([2 | OPEN | SEAL | 0x80]) + ops((1, 2), (1, 2)) + record(b"\x00\x00\x00")
    + record(b"\x09"),
    "unsealed_rmac_wrong": bytes([2 | OPEN]) + ops((18, 0)) + record(response(0x40, bytes(8))),
    "length_zero": bytes([0]) + ops((6, 0)) + record(bytes.fromhex("0000000000")),
    "length_huge": bytes([0]) + ops((6, 0)) + record(bytes.fromhex("00FFFF0000")),
    "crc_wrong": bytes([0]) + ops((6, 0)) + record(response(0, host_key_slot)[:-1] + b"\x00"),
}
# The operations no seed above runs (puts, key writes, establishment, erase, verify, ECB, reset),
# each answered "ok" with no payload, so each reaches its response decoder.
OPERATION_NAMES = {10: "put_host_key_control", 11: "write_host_key_plaintext", 12: "write_host_key_wrapped_ok",
                   13: "establish_host_key", 14: "write_symmetric_key_plaintext",
                   15: "write_symmetric_key_wrapped", 16: "establish_symmetric_keys", 17: "erase_symmetric_key",
                   19: "verify_mac", 22: "aes_ecb", 23: "reset"}
for operation, name in OPERATION_NAMES.items():
    host["ok_" + name] = bytes([0]) + ops((operation, 3)) + b"".join(record(response(0)) for _ in range(4))
host["ok_aes_ecb_decrypt"] = bytes([0]) + ops((22, 0x83)) + record(response(0, bytes(32)))
# GCM one-shot and chunked GCM / CCM* (argument bits: 0x20 GCM, 0x40 chunked, 0x80 decrypt),
# the slot's record read first: slot 0 GCM with a 16-byte tag, slot 1 CCM* with a 4-byte tag.
GCM_CCM_TABLE = response(0, bytes([2, 0x01, 0x00, 0x03, 0x00, 0x3C, 0x10, 0x01, 0x00, 0x00, 0x00, 0x3C, 0x04, 0x00]))
host["gcm_encrypt"] = bytes([0]) + ops((20, 0x20)) + record(GCM_CCM_TABLE) + record(response(0, bytes(32)))
host["gcm_decrypt"] = bytes([0]) + ops((21, 0x20)) + record(GCM_CCM_TABLE) + record(response(0, bytes(17)))
host["chunked_gcm_encrypt"] = bytes([0]) + ops((22, 0x40)) + record(GCM_CCM_TABLE) + record(response(0, bytes(8))) \
    + record(response(0, bytes(8))) + record(response(0, bytes(24)))
host["chunked_ccm_decrypt"] = bytes([0]) + ops((22, 0xC1)) + record(GCM_CCM_TABLE) + record(response(0, bytes(8))) \
    + record(response(0, bytes(8))) + record(response(0, b"\x01" + bytes(8)))
host["sealed_chunked_gcm_decrypt"] = bytes([1 | OPEN | SEAL | SEAL_ENC]) + ops((22, 0xC0)) + record(GCM_CCM_TABLE) \
    + record(b"\x00" + bytes(8)) + record(b"\x00" + bytes(8)) + record(b"\x00\x01" + bytes(8))

# Derive keys 1F 10: extract alone answers the PRK's slot; extract and expand a 16-byte key;
# expand from slot 2 to one returned key and one key the chip stores (its slot answered).
host["derive_extract"] = bytes([0]) + ops((24, 0x01)) + record(response(0, b"\x03"))
host["derive_returned_key"] = bytes([0]) + ops((24, 0x10)) + record(response(0, bytes(range(16))))
host["derive_expand_from_slot"] = bytes([0]) + ops((25, 0x02)) + record(response(0, bytes(range(16)) + b"\x04"))
host["derive_expand_short"] = bytes([0]) + ops((25, 0x02)) + record(response(0, bytes(range(16))))


def state_file(name, kind, state):
    return json.dumps({"format": "keybench-state/1", "virtual_time_ns": 0,
                       "devices": [{"name": name, "type": kind, "state": state}]}).encode()


fixture_loader = {}
for path in sorted((ROOT / "fixtures" / "benches").glob("*.json")):
    fixture_loader["fixture_" + path.stem] = b"\x00" + path.read_bytes()
for stem in ["stsafe-keys-written", "stsafe-symmetric-keys", "stsafe-recommended-ac"]:
    state = json.loads((ROOT / "fixtures" / "benches" / (stem + ".json")).read_text())["devices"][0]["state"]
    fixture_loader["state_" + stem] = b"\x01" + state_file("stsafe", "stsafe-a120", state)
nrf_state = json.loads((ROOT / "fixtures" / "benches" / "nrf5340-provisioning.json").read_text())["devices"][0]["state"]
fixture_loader["state_nrf5340_provisioning"] = b"\x03" + state_file("nrf5340", "nrf5340", nrf_state)
fixture_loader["state_wrong_device"] = b"\x01" + state_file("nrf5340", "nrf5340", {})
fixture_loader["fixture_unknown_key"] = b'\x00{"devices": [], "buses": 1}'
fixture_loader["fixture_truncated"] = b'\x00{"devices": [{"name": "stsafe", "type": "stsafe-a1'
fixture_loader["fixture_bad_hex"] = (b'\x00{"devices": [{"name": "s", "type": "stsafe-a120", "address": "0x20",'
                                     b' "state": {"host_key": {"present": true, "type": "aes128",'
                                     b' "mac_key": "0G", "cipher_key": "00"}}}]}')



def plan(*faults, seed=None):
    p = {"format": "keybench-faults/1", "description": "fuzz seed", "faults": list(faults)}
    if seed is not None:
        p["seed"] = seed
    return json.dumps(p).encode()


fault_plan_loader = {
    "address_nack_on_transaction": plan({"when": {"bus_transaction": 3}, "do": {"action": "address_nack"}}),
    "torn_nvm_write": plan({"when": {"nvm_write": 2, "device": "stsafe"}, "do": {"action": "power_cut",
                                                                                  "restore_after_ns": 1000}}),
    "flip_bits_in_command": plan({"when": {"command": "0x1F", "ext": "0x07", "occurrence": 1},
                                  "do": {"action": "flip_bits", "on": "write", "byte": 2, "mask": "0x80"}}),
    "force_status": plan({"when": {"command": "0x09"}, "do": {"action": "force_status", "status": "0x16"}}),
    "probability": plan({"when": {"probability": 0.05, "per": "nvm_write", "limit": 3},
                         "do": {"action": "brown_out", "device": "stsafe"}}, seed=7),
    "time_truncate_drop_stretch": plan({"when": {"time_ns": 1000000}, "do": {"action": "truncate_response",
                                                                             "length": 3}},
                                       {"when": {"bus_transaction": 5}, "do": {"action": "drop_response"}},
                                       {"when": {"bus_transaction": 6}, "do": {"action": "clock_stretch",
                                                                               "stretch_ns": 50000000}},
                                       {"when": {"bus_transaction": 7}, "do": {"action": "data_nack", "byte": 1}}),
    "extended_without_ext": plan({"when": {"command": "0x1F"}, "do": {"action": "address_nack"}}),
    "wrong_format": b'{"format": "keybench-faults/2", "faults": []}',
    "not_json": b'{"format": "keybench-faults/1", "faults": [',
}

# mode | state JSON (device_state_target.h): mode bits 6..0 pick the starting bench of the target's
# list, bit 7 loads through a keybench-state/1 file.
STSAFE_BENCHES = ["default", "stsafe-keys-written", "stsafe-symmetric-keys", "stsafe-recommended-ac",
                  "stsafe-host-key-locked", "stsafe-wrapped-ready"]
NRF_BENCHES = ["nrf5340-assembly", "nrf5340-provisioning", "nrf5340-huks-written", "nrf5340-identity-half-written",
               "nrf5340-secured", "nrf5340-decommissioned"]
THROUGH_BENCH = 0x80


def bench_state(stem):
    return json.loads((ROOT / "fixtures" / "benches" / (stem + ".json")).read_text())["devices"][0].get("state", {})


def state_seed(mode, state):
    return bytes([mode]) + json.dumps(state, indent=1).encode()


def fixture_state_seeds(benches):
    seeds = {}
    for i, stem in enumerate(benches):
        # Loaded into the next bench of the list, so the load changes something.
        seeds["fixture_" + stem] = state_seed((i + 1) % len(benches), bench_state(stem))
        seeds["fixture_" + stem + "_through_bench"] = state_seed(THROUGH_BENCH | i, bench_state(stem))
    return seeds


stsafe_state = fixture_state_seeds(STSAFE_BENCHES)
stsafe_state["empty_object"] = state_seed(1, {})
stsafe_state["unknown_key"] = state_seed(0, {"life_cycle": "operational", "colour": "blue"})
stsafe_state["bad_hex_key"] = state_seed(0, {"host_key": {"present": True, "type": "aes128", "mac_key": "0G",
                                                          "cipher_key": "00"}})
stsafe_state["symmetric_slot_beyond_15"] = state_seed(2, {"symmetric_keys": [{"slot": 16, "type": "aes128",
                                                                               "mode": "ecb", "usage": ["encryption"],
                                                                               "key": "00" * 16}]})
stsafe_state["unknown_command_record"] = state_seed(3, {"command_access": {"commands": [{"code": "0x1F",
                                                                                         "ext_code": "0xEE",
                                                                                         "access": "host"}]}})
stsafe_state["not_an_object"] = state_seed(0, [1, 2, 3])
stsafe_state["data_partitions_edited"] = state_seed(1, {"data_partitions": [
    {"zone": 0, "data": "3082"}, {"zone": 5, "counter": 0}, {"zone": 9, "type": "counter", "length": 4,
                                                           "read_access": "host", "update_access": "never"}]})
stsafe_state["data_partitions_data_too_long"] = state_seed(0, {"data_partitions": [{"zone": 5, "data": "00" * 65}]})
stsafe_state["data_partitions_over_capacity"] = state_seed(0, {"data_partitions": [
    {"zone": i, "type": "data", "length": 4000} for i in range(3)]})
stsafe_state["data_partitions_counter_on_data_zone"] = state_seed(0, {"data_partitions": [{"zone": 1,
                                                                                           "counter": 1}]})
# Zone access conditions and life cycles the rules read (docs/fidelity.md): AUTH + HOST zones, a
# counter at zero under them, each refusing life cycle with a password that can still be
# verified, and a zone access name the loader does not know.
stsafe_state["zones_auth_host_counter_at_zero"] = state_seed(1, {"data_partitions": [
    {"zone": 0}, {"zone": 1, "read_access": "auth_host", "update_access": "auth_host", "data": "5A" * 4},
    {"zone": 5, "counter": 0, "update_access": "auth_host", "update_change_right": False},
    {"zone": 6, "counter": 1, "read_access": "host", "update_access": "auth_host"}]})
for lcs in ["born_locked", "operational_locked", "terminated"]:
    stsafe_state["life_cycle_" + lcs] = state_seed(THROUGH_BENCH | 1, {"life_cycle": lcs, "password": {
        "present": True, "password": "31" * 16, "max_tries": 3, "tries_left": 2}})
stsafe_state["zone_access_unassigned"] = state_seed(0, {"data_partitions": [{"zone": 2, "update_access": "admin"}]})
stsafe_state["private_keys"] = state_seed(1, {"private_keys": {"global_usage_limit": 100, "slots": [
    {"slot": 1, "curve": "nist_p384", "private_key": "01" * 48, "usage_limit": 10, "uses_left": 4,
     "mode": {"generate_key": "host", "key_establishment": False}},
    {"slot": 2, "curve": "ed25519", "private_key": "A5" * 32, "mode": {"eddsa_variant": 1}},
    {"slot": 4, "curve": "x25519", "private_key": "00" * 32}]}})
stsafe_state["public_keys"] = state_seed(1, {"public_keys": [
    {"slot": 0, "curve": "nist_p256", "public_key": (GX + GY).hex().upper(), "start_volatile_kek_session": True},
    {"slot": 2, "curve": "ed25519", "public_key": "00" * 32, "change_right": False},
    {"slot": 3, "entity_authentication": False}]})
stsafe_state["public_key_off_its_curve"] = state_seed(0, {"public_keys": [
    {"slot": 1, "curve": "nist_p384", "public_key": "01" * 96}]})
stsafe_state["local_envelope_keys_and_password"] = state_seed(1, {
    "local_envelope_keys": [{"slot": 0, "type": "aes128", "key": "00" * 16},
                            {"slot": 1, "type": "aes256", "key": "A5" * 32}],
    "password": {"present": True, "password": "31" * 16, "max_tries": 5, "tries_left": 0}})
stsafe_state["private_key_not_of_its_curve"] = state_seed(0, {"private_keys": {"slots": [
    {"slot": 1, "curve": "nist_p256", "private_key": "FF" * 32}]}})
nrf_state = fixture_state_seeds(NRF_BENCHES)
nrf_state["empty_object"] = state_seed(1, {})
nrf_state["lifecycle_contradicts_words"] = state_seed(0, {"lifecycle": "secured",
                                                          "uicr_words": {"0x100": "0x0000FFFF"}})
nrf_state["slot_beyond_kmu"] = state_seed(1, {"key_slots": {"200": {"state": "staged"}}})
nrf_state["offset_unaligned"] = state_seed(1, {"word_writes": {"0x103": 1}})
nrf_state["flash_not_a_snapshot"] = state_seed(1, {"flash": {"pages": "all"}})
nrf_state["unknown_key"] = state_seed(0, {"lifecycle": "assembly", "fuses": 1})
# A code flash snapshot (nrf5340_map.h: 1 MiB in 4 KiB pages), and the two that Nvm::load_json
# converted with undefined behaviour.
nrf_state["flash_one_page_worn"] = state_seed(1, {"flash": {"size": 1 << 20, "page_size": 4096,
                                                            "pages": {"3": "A5" * 4096}, "wear": {"3": 2}}})
nrf_state["flash_wear_not_an_integer"] = b"\x01" + b'{"flash": {"wear": {"0": 1e300}}}'
nrf_state["flash_size_negative_fraction"] = b"\x01" + b'{"flash": {"size": -1.5}}'


# States saved by runs: every flow on its bench, clean and under each fault plan that applies.
STSAFE_FLOWS = ["host-key-provisioning", "host-key-provisioning-wrapped", "wrapped-cmac", "wrapped-ccm"]
# Flows of the rest of the command set, run clean: their states hold private key slots, generic
# public key slots, local envelope keys, passwords and written data partitions.
STSAFE_CLEAN_FLOWS = ["key-pair-generation", "ecdh", "secure-data-storage", "key-wrapping", "device-authentication"]
NRF_FLOWS = ["identity-key-generation", "provisioning-image"]
STSAFE_PLANS = ["host-key-write-power-cut", "host-key-write-access-denied", "response-data-nack"]
NRF_RUNS = [("identity-key-generation", "nrf5340-huks-written", "nrf-identity-key-brown-out"),
            ("identity-key-generation", "nrf5340-assembly", None), ("provisioning-image", "nrf5340-assembly", None),
            ("provisioning-image", "nrf5340-provisioning", None)]


def run_state(keybench, work, flow, bench, plan):
    state = work / "state.json"
    state.unlink(missing_ok=True)
    command = [str(keybench), "run", flow, "--target", "sim:" + str(ROOT / "fixtures" / "benches" / (bench + ".json")),
               "--state", str(state)]
    if plan:
        command += ["--fault", str(ROOT / "fixtures" / "faults" / (plan + ".json"))]
    # A flow that a fault stops still saves the state it leaves: that torn state is the point.
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    if not state.exists():
        raise SystemExit(f"make_seeds: {' '.join(command)} saved no state")
    return json.loads(state.read_text())["devices"][0]["state"]


def run_seeds(keybench, work):
    stsafe, nrf = {}, {}
    for flow in STSAFE_FLOWS:
        for plan in [None] + STSAFE_PLANS:
            name = "run_" + flow + ("_" + plan if plan else "")
            stsafe[name] = state_seed(0, run_state(keybench, work, flow, "default", plan))
    for flow in STSAFE_CLEAN_FLOWS:
        stsafe["run_" + flow] = state_seed(0, run_state(keybench, work, flow, "default", None))
    for flow, bench, plan in NRF_RUNS:
        name = "run_" + flow + "_from_" + bench + ("_" + plan if plan else "")
        nrf[name] = state_seed(NRF_BENCHES.index(bench), run_state(keybench, work, flow, bench, plan))
    return stsafe, nrf


# Campaign reports (campaign_report_loader.cc: the bytes of a report file). Shards keep them small.
CAMPAIGNS = [("host-key-provisioning", "power-cut", "1/4"), ("host-key-provisioning", "bus", "2/8"),
             ("wrapped-cmac", "power-cut", "3/16"), ("identity-key-generation", "power-cut", "1/8"),
             ("provisioning-image", "bus", "5/32")]


def campaign_seeds(keybench, work):
    seeds = {}
    for flow, sweep, shard in CAMPAIGNS:
        report = work / "report.json"
        report.unlink(missing_ok=True)
        subprocess.run([str(keybench), "campaign", flow, "--sweep", sweep, "--shard", shard, "--report", str(report)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if not report.exists():
            raise SystemExit(f"make_seeds: keybench campaign {flow} --sweep {sweep} wrote no report")
        seeds[f"{flow}_{sweep}_shard_{shard.replace('/', '_of_')}"] = report.read_bytes()
    base = json.loads(seeds["host-key-provisioning_power-cut_shard_1_of_4"])
    point = base["cut_points"][0]
    variants = {
        "outcome_unknown": {**base, "cut_points": [{**point, "outcome": "diverged"}]},
        "kind_unknown": {**base, "cut_points": [{**point, "kind": "radio"}]},
        "index_beyond_total": {**base, "cut_points": [{**point, "index": base["total_cut_points"]}]},
        "oracles_empty": {**base, "cut_points": [{**point, "oracles": {}}]},
        "shards_not_strings": {**base, "shards": [1]},
        "seed_negative": {**base, "seed": -1},
        "wrong_format": {**base, "format": "keybench-campaign/1"},
        "no_cut_points": {**base, "cut_points": []},
    }
    for name, report in variants.items():
        seeds[name] = json.dumps(report, indent=2).encode()
    seeds["truncated"] = seeds["host-key-provisioning_bus_shard_2_of_8"][:200]
    seeds["not_json"] = b"\x00\xff{"
    seeds["number_overflow"] = b'{"format": 1e400}'  # read_report let nlohmann's out_of_range escape
    return seeds



def atecc_crc(data):
    """Fact sheet B5.5: polynomial 0x8005, initial 0, each byte fed LSB first into a register that
    shifts left, no final XOR; sent low byte first."""
    reg = 0
    for byte in data:
        for i in range(8):
            d = byte >> i & 1
            c = reg >> 15 & 1
            reg = reg << 1 & 0xFFFF
            if d != c:
                reg ^= 0x8005
    return reg


def atecc_packet(body):
    whole = bytes([len(body) + 3]) + body
    crc = atecc_crc(whole)
    return whole + bytes([crc & 0xFF, crc >> 8])


def atecc_body(opcode, param1=0, param2=0, data=b""):
    return bytes([opcode, param1, param2 & 0xFF, param2 >> 8]) + data


assert atecc_crc(b"123456789") == 0xBCDD
assert atecc_packet(bytes.fromhex("30000000")) == bytes.fromhex("0730000000035D")
assert atecc_packet(bytes.fromhex("1B000000")) == bytes.fromhex("071B00000024CD")
assert atecc_packet(bytes.fromhex("41A00000")) == bytes.fromhex("0741A000007B85")

# mode | bytes (atecc608a_packet_decoder.cc): 0x01 frames the bytes, 0x00 takes them as given,
# 0x03 | bit << 4 frames and flips CRC bit `bit`, 0x05 frames with a count one too large.
ATECC_FRAME = 0x01
atecc_packet_decoder = {
    "info_revision": bytes([ATECC_FRAME]) + atecc_body(0x30),
    "read_config_block": bytes([ATECC_FRAME]) + atecc_body(0x02, 0x80),
    "write_config_word": bytes([ATECC_FRAME]) + atecc_body(0x12, 0x00, 0x0005) + bytes(4),
    "nonce_pass_through": bytes([ATECC_FRAME]) + atecc_body(0x16, 0x03) + bytes(32),
    "verify_external": bytes([ATECC_FRAME]) + atecc_body(0x45, 0x02, 0x0004) + bytes(128),
    "raw_info": bytes([0x00]) + bytes.fromhex("0730000000035D"),
    "raw_bad_crc": bytes([0x00]) + bytes.fromhex("0730000000035E"),
    "raw_short_good_crc": bytes([ATECC_FRAME]) + bytes.fromhex("30"),
    "raw_count_only": bytes([0x00, 0x01]),
    "crc_bit_flipped": bytes([0x03 | 11 << 4]) + atecc_body(0x1B),
    "count_too_large": bytes([0x05]) + atecc_body(0x1B),
}

# fixture (atecc608a_model.cc: 0 factory, 1 next to an STSAFE-A120, 2 configured and locked, 3-6 the
# locked benches) |
# flags | records of action | body.
A_FRAME, A_CYCLE, A_POWER, A_FAST = 0x01, 0x02, 0x04, 0x08
A_COMMAND, A_RAW, A_WAKE, A_READ, A_WAIT = range(5)


def act(action, body=b""):
    return record(bytes([action]) + body)


def cmd(opcode, param1=0, param2=0, data=b""):
    return act(A_COMMAND, atecc_body(opcode, param1, param2, data))


SHA_BLOCK = bytes(range(64))
atecc608a_model = {
    "factory_info_random": bytes([0, A_FRAME | A_CYCLE]) + cmd(0x30) + cmd(0x1B) + cmd(0x30, 0x01, 0x0000),
    "factory_read_config_write_lock": bytes([0, A_FRAME]) + act(A_WAKE) + cmd(0x02, 0x80, 0x0000)
    + cmd(0x02, 0x80, 0x0008) + cmd(0x12, 0x00, 0x0005, bytes.fromhex("87208720")) + cmd(0x17, 0x80)
    + cmd(0x40, 0x04, 0x0000) + cmd(0x17, 0x81),
    "factory_raw_words": bytes([0, 0]) + act(A_WAKE) + act(A_RAW, b"\x03" + atecc_packet(atecc_body(0x30)))
    + act(A_READ, b"\x07") + act(A_RAW, b"\x00") + act(A_READ, b"\x07") + act(A_RAW, b"\x02")
    + act(A_RAW, b"\x01") + act(A_READ, b"\x04"),
    "factory_partial_packet": bytes([0, 0]) + act(A_WAKE) + act(A_RAW, b"\x03\x07\x30")
    + act(A_READ, b"\x04") + act(A_RAW, b"\x03\x00\x00\x00\x03\x5D") + act(A_READ, b"\x07"),
    "factory_watchdog": bytes([0, A_FRAME]) + act(A_WAKE) + act(A_WAIT, be16(1400)) + cmd(0x30),
    "factory_fast_bus_wake": bytes([0, A_FRAME | A_FAST]) + act(A_WAKE) + cmd(0x30) + act(A_RAW, b"\x01")
    + act(A_RAW, b"\x00") + cmd(0x30),
    "factory_sha": bytes([0, A_FRAME | A_CYCLE]) + cmd(0x47, 0x00) + cmd(0x47, 0x01, 64, SHA_BLOCK)
    + cmd(0x47, 0x02, 3, b"abc"),
    "two_chips_power_cut": bytes([1, A_FRAME | A_CYCLE | A_POWER]) + cmd(0x1B) + cmd(0x12, 0x00, 0x0004, bytes(4)),
    "configured_sign_verify": bytes([2, A_FRAME | A_CYCLE]) + cmd(0x1B) + cmd(0x16, 0x03, 0, bytes(32))
    + cmd(0x41, 0x80, 0x0000) + cmd(0x40, 0x00, 0x0000) + cmd(0x45, 0x02, 0x0004, bytes(128)),
    "configured_ecdh_nonce": bytes([2, A_FRAME | A_CYCLE]) + cmd(0x16, 0x00, 0, bytes(20))
    + cmd(0x43, 0x0C, 0x0000, bytes(64)) + cmd(0x40, 0x04, 0x0001) + cmd(0x46, 0x00, 0x0002, bytes(68)),
    "configured_reads_writes": bytes([2, A_FRAME | A_CYCLE]) + cmd(0x02, 0x82, 0x0040) + cmd(0x12, 0x80, 0x0040, bytes(32))
    + cmd(0x02, 0x82, 0x0048) + cmd(0x02, 0x00, 0x0000) + cmd(0x17, 0x02 | 3 << 2) + cmd(0x30, 0x01, 0x0000),
    "configured_unknown_and_pending": bytes([2, A_FRAME | A_CYCLE]) + cmd(0x15, 0x02, 0x0008, bytes(4))
    + cmd(0x08, 0x00, 0x0000) + cmd(0x24, 0x01) + cmd(0x51, 0x00, 0x000A, bytes(16)) + cmd(0x56, 0x00)
    + cmd(0x77, 0x3B) + cmd(0x80, 0x00) + cmd(0xFE),
    # 3 Mbed example, 4 TrustFLEX-like, 5 empty slots, 6 slot 0 locked (fixtures/benches).
    "mbed_example_sign_and_pubkey": bytes([3, A_FRAME | A_CYCLE]) + cmd(0x30, 0x01, 0x0000) + cmd(0x1B)
    + cmd(0x16, 0x03, 0, bytes(32)) + cmd(0x41, 0x80, 0x0000) + cmd(0x40, 0x00, 0x0000) + cmd(0x02, 0x82, 0x0048),
    "trustflex_internal_sign_and_genkey": bytes([4, A_FRAME | A_CYCLE]) + cmd(0x40, 0x04, 0x0002)
    + cmd(0x16, 0x00, 0, bytes(20)) + cmd(0x15, 0x02, 0x0001, bytes(4)) + cmd(0x41, 0x00, 0x0001),
    "empty_slots_genkey_counter": bytes([5, A_FRAME | A_CYCLE]) + cmd(0x40, 0x04, 0x0000) + cmd(0x24, 0x01, 0x0000)
    + cmd(0x24, 0x00, 0x0000) + cmd(0x30, 0x02, 0x0000),
    "slot0_locked_refusals": bytes([6, A_FRAME | A_CYCLE]) + cmd(0x40, 0x04, 0x0000) + cmd(0x17, 0x02)
    + cmd(0x46, 0x00, 0x0000, bytes(68)) + cmd(0x51, 0x00, 0x0000, bytes(16)) + cmd(0x56, 0x00, 0x0000, bytes(8)),
}

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--keybench", type=pathlib.Path, default=ROOT / "build" / "tools" / "keybench",
                    help="the keybench binary that makes the run and campaign seeds")
parser.add_argument("targets", nargs="*", help="targets to write (default: all)")
args = parser.parse_args()

corpora = {"stsafe_frame_decoder": frame_decoder, "stsafe_dispatcher": dispatcher, "host_response_parser": host,
           "fixture_loader": fixture_loader, "fault_plan_loader": fault_plan_loader,
           "atecc608a_packet_decoder": atecc_packet_decoder, "atecc608a_model": atecc608a_model}
from_runs = ["stsafe_state_loader", "nrf5340_state_loader", "campaign_report_loader"]
wanted = args.targets or list(corpora) + from_runs
unknown = [t for t in wanted if t not in corpora and t not in from_runs]
if unknown:
    raise SystemExit(f"make_seeds: unknown target(s) {', '.join(unknown)}")
if any(t in from_runs for t in wanted):
    if args.keybench.exists():
        with tempfile.TemporaryDirectory() as tmp:
            work = pathlib.Path(tmp)
            run_stsafe, run_nrf = run_seeds(args.keybench.resolve(), work)
            corpora["stsafe_state_loader"] = {**stsafe_state, **run_stsafe}
            corpora["nrf5340_state_loader"] = {**nrf_state, **run_nrf}
            corpora["campaign_report_loader"] = campaign_seeds(args.keybench.resolve(), work)
    elif args.targets:
        raise SystemExit(f"make_seeds: {args.keybench} not found (build keybench, or pass --keybench PATH)")
    else:
        print(f"make_seeds: {args.keybench} not found: left {', '.join(from_runs)} as they are")

for target in wanted:
    if target not in corpora:
        continue
    seeds = corpora[target]
    out = CORPUS / target
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    # Runs that end in the same state give the same seed: keep the first name.
    unique = {}
    for name, data in seeds.items():
        unique.setdefault(data, name)
    for data, name in unique.items():
        (out / name).write_bytes(data)
    print(f"{target}: {len(unique)} seeds")
