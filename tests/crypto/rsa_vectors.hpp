// RSA test keys and vectors from RSA Laboratories' PKCS #1 v2.1 test vector
// files (pkcs-1v2-1-vec.zip): pss-vect.txt, oaep-vect.txt and
// pkcs1v15sign-vectors.txt.  Transcribed from the files; whitespace kept as
// printed there.
#pragma once

namespace rsa_vectors {

// pss-vect.txt and pkcs1v15sign-vectors.txt, "Example 1: A 1024-bit RSA Key Pair".
namespace key1 {
inline constexpr const char* n =
    "a5 6e 4a 0e 70 10 17 58 9a 51 87 dc 7e a8 41 d1 56 f2 ec 0e 36 ad 52 a4 4d fe b1 e6 1f 7a d9 91 "
    "d8 c5 10 56 ff ed b1 62 b4 c0 f2 83 a1 2a 88 a3 94 df f5 26 ab 72 91 cb b3 07 ce ab fc e0 b1 df "
    "d5 cd 95 08 09 6d 5b 2b 8b 6d f5 d6 71 ef 63 77 c0 92 1c b2 3c 27 0a 70 e2 59 8e 6f f8 9d 19 f1 "
    "05 ac c2 d3 f0 cb 35 f2 92 80 e1 38 6b 6f 64 c4 ef 22 e1 e1 f2 0d 0c e8 cf fb 22 49 bd 9a 21 37";
inline constexpr const char* e = "01 00 01";
inline constexpr const char* d =
    "33 a5 04 2a 90 b2 7d 4f 54 51 ca 9b bb d0 b4 47 71 a1 01 af 88 43 40 ae f9 88 5f 2a 4b be 92 e8 "
    "94 a7 24 ac 3c 56 8c 8f 97 85 3a d0 7c 02 66 c8 c6 a3 ca 09 29 f1 e8 f1 12 31 88 44 29 fc 4d 9a "
    "e5 5f ee 89 6a 10 ce 70 7c 3e d7 e7 34 e4 47 27 a3 95 74 50 1a 53 26 83 10 9c 2a ba ca ba 28 3c "
    "31 b4 bd 2f 53 c3 ee 37 e3 52 ce e3 4f 9e 50 3b d8 0c 06 22 ad 79 c6 dc ee 88 35 47 c6 a3 b3 25";
inline constexpr const char* p =
    "e7 e8 94 27 20 a8 77 51 72 73 a3 56 05 3e a2 a1 bc 0c 94 aa 72 d5 5c 6e 86 29 6b 2d fc 96 79 48 "
    "c0 a7 2c bc cc a7 ea cb 35 70 6e 09 a1 df 55 a1 53 5b d9 b3 cc 34 16 0b 3b 6d cd 3e da 8e 64 43";
inline constexpr const char* q =
    "b6 9d ca 1c f7 d4 d7 ec 81 e7 5b 90 fc ca 87 4a bc de 12 3f d2 70 01 80 aa 90 47 9b 6e 48 de 8d "
    "67 ed 24 f9 f1 9d 85 ba 27 58 74 f5 42 cd 20 dc 72 3e 69 63 36 4a 1f 94 25 45 2b 26 9a 67 99 fd";
inline constexpr const char* dp =
    "28 fa 13 93 86 55 be 1f 8a 15 9c ba ca 5a 72 ea 19 0c 30 08 9e 19 cd 27 4a 55 6f 36 c4 f6 e1 9f "
    "55 4b 34 c0 77 79 04 27 bb dd 8d d3 ed e2 44 83 28 f3 85 d8 1b 30 e8 e4 3b 2f ff a0 27 86 19 79";
inline constexpr const char* dq =
    "1a 8b 38 f3 98 fa 71 20 49 89 8d 7f b7 9e e0 a7 76 68 79 12 99 cd fa 09 ef c0 e5 07 ac b2 1e d7 "
    "43 01 ef 5b fd 48 be 45 5e ae b6 e1 67 82 55 82 75 80 a8 e4 e8 e1 41 51 d1 51 0a 82 a3 f2 e7 29";
inline constexpr const char* qinv =
    "27 15 6a ba 41 26 d2 4a 81 f3 a5 28 cb fb 27 f5 68 86 f8 40 a9 f6 e8 6e 17 a4 4b 94 fe 93 19 58 "
    "4b 8e 22 fd de 1e 5a 2e 3b d8 aa 5b a8 d8 58 41 94 eb 21 90 ac f8 32 b8 47 f1 3a 3d 24 a7 9f 4d";

// Example 1.1 (the same message in pss-vect.txt and pkcs1v15sign-vectors.txt).
inline constexpr const char* message_1_1 =
    "cd c8 7d a2 23 d7 86 df 3b 45 e0 bb bc 72 13 26 d1 ee 2a f8 06 cc 31 54 75 cc 6f 0d 9c 66 e1 b6 "
    "23 71 d4 5c e2 39 2e 1a c9 28 44 c3 10 10 2f 15 6a 0d 8d 52 c1 f4 c4 0b a3 aa 65 09 57 86 cb 76 "
    "97 57 a6 56 3b a9 58 fe d0 bc c9 84 e8 b5 17 a3 d5 f5 15 b2 3b 8a 41 e7 4a a8 67 69 3f 90 df b0 "
    "61 a6 e8 6d fa ae e6 44 72 c0 0e 5f 20 94 57 29 cb eb e7 7f 06 ce 78 e0 8f 40 98 fb a4 1f 9d 61 "
    "93 c0 31 7e 8b 60 d4 b6 08 4a cb 42 d2 9e 38 08 a3 bc 37 2d 85 e3 31 17 0f cb f7 cc 72 d0 b7 1c "
    "29 66 48 b3 a4 d1 0f 41 62 95 d0 80 7a a6 25 ca b2 74 4f d9 ea 8f d2 23 c4 25 37 02 98 28 bd 16 "
    "be 02 54 6f 13 0f d2 e3 3b 93 6d 26 76 e0 8a ed 1b 73 31 8b 75 0a 01 67 d0";
// pss-vect.txt, RSASSA-PSS Signature Example 1.1 (salt of 20 bytes, SHA-1, MGF1-SHA-1).
inline constexpr const char* pss_signature_1_1 =
    "90 74 30 8f b5 98 e9 70 1b 22 94 38 8e 52 f9 71 fa ac 2b 60 a5 14 5a f1 85 df 52 87 b5 ed 28 87 "
    "e5 7c e7 fd 44 dc 86 34 e4 07 c8 e0 e4 36 0b c2 26 f3 ec 22 7f 9d 9e 54 63 8e 8d 31 f5 05 12 15 "
    "df 6e bb 9c 2f 95 79 aa 77 59 8a 38 f9 14 b5 b9 c1 bd 83 c4 e2 f9 f3 82 a0 d0 aa 35 42 ff ee 65 "
    "98 4a 60 1b c6 9e b2 8d eb 27 dc a1 2c 82 c2 d4 c3 f6 6c d5 00 f1 ff 2b 99 4d 8a 4e 30 cb b3 3c";
// pss-vect.txt, Example 1.4.
inline constexpr const char* message_1_4 = "bc 65 67 47 fa 9e af b3 f0";
inline constexpr const char* pss_signature_1_4 =
    "46 09 79 3b 23 e9 d0 93 62 dc 21 bb 47 da 0b 4f 3a 76 22 64 9a 47 d4 64 01 9b 9a ea fe 53 35 9c "
    "17 8c 91 cd 58 ba 6b cb 78 be 03 46 a7 bc 63 7f 4b 87 3d 4b ab 38 ee 66 1f 19 96 34 c5 47 a1 ad "
    "84 42 e0 3d a0 15 b1 36 e5 43 f7 ab 07 c0 c1 3e 42 25 b8 de 8c ce 25 d4 f6 eb 84 00 f8 1f 7e 18 "
    "33 b7 ee 6e 33 4d 37 09 64 ca 79 fd b8 72 b4 d7 52 23 b5 ee b0 81 01 59 1f b5 32 d1 55 a6 de 87";
// pkcs1v15sign-vectors.txt, PKCS#1 v1.5 Signature Examples 1.1 and 1.4 (SHA-1).
inline constexpr const char* v15_signature_1_1 =
    "6b c3 a0 66 56 84 29 30 a2 47 e3 0d 58 64 b4 d8 19 23 6b a7 c6 89 65 86 2a d7 db c4 e2 4a f2 8e "
    "86 bb 53 1f 03 35 8b e5 fb 74 77 7c 60 86 f8 50 ca ef 89 3f 0d 6f cc 2d 0c 91 ec 01 36 93 b4 ea "
    "00 b8 0c d4 9a ac 4e cb 5f 89 11 af e5 39 ad a4 a8 f3 82 3d 1d 13 e4 72 d1 49 05 47 c6 59 c7 61 "
    "7f 3d 24 08 7d db 6f 2b 72 09 61 67 fc 09 7c ab 18 e9 a4 58 fc b6 34 cd ce 8e e3 58 94 c4 84 d7";
inline constexpr const char* v15_signature_1_4 =
    "45 60 7a d6 11 cf 57 47 a4 1a c9 4d 0f fe c8 78 bd af 63 f6 b5 7a 4b 08 8b f3 6e 34 e1 09 f8 40 "
    "f2 4b 74 2a da 16 10 2d ab f9 51 cb c4 4f 89 82 e9 4e d4 cd 09 44 8d 20 ec 0e fa 73 54 5f 80 b6 "
    "54 06 be d6 19 4a 61 c3 40 b4 ad 15 68 cb b7 58 51 04 9f 11 af 17 34 96 40 76 e0 20 29 ae e2 00 "
    "e4 0e 80 be 0f 43 61 f6 98 41 c4 f9 2a 44 50 a2 28 6d 43 28 9b 40 55 54 c5 4d 25 c6 ec b5 84 f4";
} // namespace key1

// pss-vect.txt, "Example 2: A 1025-bit RSA Key Pair": modBits - 1 is a
// multiple of 8, so the encoded message is one byte shorter than the modulus.
namespace key2 {
inline constexpr const char* n =
    "01 d4 0c 1b cf 97 a6 8a e7 cd bd 8a 7b f3 e3 4f a1 9d cc a4 ef 75 a4 74 54 37 5f 94 51 4d 88 fe "
    "d0 06 fb 82 9f 84 19 ff 87 d6 31 5d a6 8a 1f f3 a0 93 8e 9a bb 34 64 01 1c 30 3a d9 91 99 cf 0c "
    "7c 7a 8b 47 7d ce 82 9e 88 44 f6 25 b1 15 e5 e9 c4 a5 9c f8 f8 11 3b 68 34 33 6a 2f d2 68 9b 47 "
    "2c bb 5e 5c ab e6 74 35 0c 59 b6 c1 7e 17 68 74 fb 42 f8 fc 3d 17 6a 01 7e dc 61 fd 32 6c 4b 33 "
    "c9";
inline constexpr const char* e = "01 00 01";
inline constexpr const char* d =
    "02 7d 14 7e 46 73 05 73 77 fd 1e a2 01 56 57 72 17 6a 7d c3 83 58 d3 76 04 56 85 a2 e7 87 c2 3c "
    "15 57 6b c1 6b 9f 44 44 02 d6 bf c5 d9 8a 3e 88 ea 13 ef 67 c3 53 ec a0 c0 dd ba 92 55 bd 7b 8b "
    "b5 0a 64 4a fd fd 1d d5 16 95 b2 52 d2 2e 73 18 d1 b6 68 7a 1c 10 ff 75 54 5f 3d b0 fe 60 2d 5f "
    "2b 7f 29 4e 36 01 ea b7 b9 d1 ce cd 76 7f 64 69 2e 3e 53 6c a2 84 6c b0 c2 dd 48 6a 39 fa 75 b1";
inline constexpr const char* message_2_1 =
    "da ba 03 20 66 26 3f ae db 65 98 48 11 52 78 a5 2c 44 fa a3 a7 6f 37 51 5e d3 36 32 10 72 c4 0a "
    "9d 9b 53 bc 05 01 40 78 ad f5 20 87 51 46 aa e7 0f f0 60 22 6d cb 7b 1f 1f c2 7e 93 60";
inline constexpr const char* pss_signature_2_1 =
    "01 4c 5b a5 33 83 28 cc c6 e7 a9 0b f1 c0 ab 3f d6 06 ff 47 96 d3 c1 2e 4b 63 9e d9 13 6a 5f ec "
    "6c 16 d8 88 4b dd 99 cf dc 52 14 56 b0 74 2b 73 68 68 cf 90 de 09 9a db 8d 5f fd 1d ef f3 9b a4 "
    "00 7a b7 46 ce fd b2 2d 7d f0 e2 25 f5 46 27 dc 65 46 61 31 72 1b 90 af 44 53 63 a8 35 8b 9f 60 "
    "76 42 f7 8f ab 0a b0 f4 3b 71 68 d6 4b ae 70 d8 82 78 48 d8 ef 1e 42 1c 57 54 dd f4 2c 25 89 b5 "
    "b3";
} // namespace key2

// oaep-vect.txt, "Example 1: A 1024-bit RSA Key Pair" (SHA-1, MGF1-SHA-1, empty label).
namespace oaep1 {
inline constexpr const char* n =
    "a8 b3 b2 84 af 8e b5 0b 38 70 34 a8 60 f1 46 c4 91 9f 31 87 63 cd 6c 55 98 c8 ae 48 11 a1 e0 ab "
    "c4 c7 e0 b0 82 d6 93 a5 e7 fc ed 67 5c f4 66 85 12 77 2c 0c bc 64 a7 42 c6 c6 30 f5 33 c8 cc 72 "
    "f6 2a e8 33 c4 0b f2 58 42 e9 84 bb 78 bd bf 97 c0 10 7d 55 bd b6 62 f5 c4 e0 fa b9 84 5c b5 14 "
    "8e f7 39 2d d3 aa ff 93 ae 1e 6b 66 7b b3 d4 24 76 16 d4 f5 ba 10 d4 cf d2 26 de 88 d3 9f 16 fb";
inline constexpr const char* e = "01 00 01";
inline constexpr const char* d =
    "53 33 9c fd b7 9f c8 46 6a 65 5c 73 16 ac a8 5c 55 fd 8f 6d d8 98 fd af 11 95 17 ef 4f 52 e8 fd "
    "8e 25 8d f9 3f ee 18 0f a0 e4 ab 29 69 3c d8 3b 15 2a 55 3d 4a c4 d1 81 2b 8b 9f a5 af 0e 7f 55 "
    "fe 73 04 df 41 57 09 26 f3 31 1f 15 c4 d6 5a 73 2c 48 31 16 ee 3d 3d 2d 0a f3 54 9a d9 bf 7c bf "
    "b7 8a d8 84 f8 4d 5b eb 04 72 4d c7 36 9b 31 de f3 7d 0c f5 39 e9 cf cd d3 de 65 37 29 ea d5 d1";
inline constexpr const char* p =
    "d3 27 37 e7 26 7f fe 13 41 b2 d5 c0 d1 50 a8 1b 58 6f b3 13 2b ed 2f 8d 52 62 86 4a 9c b9 f3 0a "
    "f3 8b e4 48 59 8d 41 3a 17 2e fb 80 2c 21 ac f1 c1 1c 52 0c 2f 26 a4 71 dc ad 21 2e ac 7c a3 9d";
inline constexpr const char* q =
    "cc 88 53 d1 d5 4d a6 30 fa c0 04 f4 71 f2 81 c7 b8 98 2d 82 24 a4 90 ed be b3 3d 3e 3d 5c c9 3c "
    "47 65 70 3d 1d d7 91 64 2f 1f 11 6a 0d d8 52 be 24 19 b2 af 72 bf e9 a0 30 e8 60 b0 28 8b 5d 77";
inline constexpr const char* dp =
    "0e 12 bf 17 18 e9 ce f5 59 9b a1 c3 88 2f e8 04 6a 90 87 4e ef ce 8f 2c cc 20 e4 f2 74 1f b0 a3 "
    "3a 38 48 ae c9 c9 30 5f be cb d2 d7 68 19 96 7d 46 71 ac c6 43 1e 40 37 96 8d b3 78 78 e6 95 c1";
inline constexpr const char* dq =
    "95 29 7b 0f 95 a2 fa 67 d0 07 07 d6 09 df d4 fc 05 c8 9d af c2 ef 6d 6e a5 5b ec 77 1e a3 33 73 "
    "4d 92 51 e7 90 82 ec da 86 6e fe f1 3c 45 9e 1a 63 13 86 b7 e3 54 c8 99 f5 f1 12 ca 85 d7 15 83";
inline constexpr const char* qinv =
    "4f 45 6c 50 24 93 bd c0 ed 2a b7 56 a3 a6 ed 4d 67 35 2a 69 7d 42 16 e9 32 12 b1 27 a6 3d 54 11 "
    "ce 6f a9 8d 5d be fd 73 26 3e 37 28 14 27 43 81 81 66 ed 7d d6 36 87 dd 2a 8c a1 d2 f4 fb d8 e1";
// RSAES-OAEP Encryption Examples 1.1 and 1.6.
inline constexpr const char* message_1_1 =
    "66 28 19 4e 12 07 3d b0 3b a9 4c da 9e f9 53 23 97 d5 0d ba 79 b9 87 00 4a fe fe 34";
inline constexpr const char* encryption_1_1 =
    "35 4f e6 7b 4a 12 6d 5d 35 fe 36 c7 77 79 1a 3f 7b a1 3d ef 48 4e 2d 39 08 af f7 22 fa d4 68 fb "
    "21 69 6d e9 5d 0b e9 11 c2 d3 17 4f 8a fc c2 01 03 5f 7b 6d 8e 69 40 2d e5 45 16 18 c2 1a 53 5f "
    "a9 d7 bf c5 b8 dd 9f c2 43 f8 cf 92 7d b3 13 22 d6 e8 81 ea a9 1a 99 61 70 e6 57 a0 5a 26 64 26 "
    "d9 8c 88 00 3f 84 77 c1 22 70 94 a0 d9 fa 1e 8c 40 24 30 9c e1 ec cc b5 21 00 35 d4 7a c7 2e 8a";
inline constexpr const char* message_1_6 = "26 52 10 50 84 42 71";
inline constexpr const char* encryption_1_6 =
    "42 ce e2 61 7b 1e ce a4 db 3f 48 29 38 6f bd 61 da fb f0 38 e1 80 d8 37 c9 63 66 df 24 c0 97 b4 "
    "ab 0f ac 6b df 59 0d 82 1c 9f 10 64 2e 68 1a d0 5b 8d 78 b3 78 c0 f4 6c e2 fa d6 3f 74 e0 ad 3d "
    "f0 6b 07 5d 7e b5 f5 63 6f 8d 40 3b 90 59 ca 76 1b 5c 62 bb 52 aa 45 00 2e a7 0b aa ce 08 de d2 "
    "43 b9 d8 cb d6 2a 68 ad e2 65 83 2b 56 56 4e 43 a6 fa 42 ed 19 9a 09 97 69 74 2d f1 53 9e 82 55";
} // namespace oaep1

} // namespace rsa_vectors
