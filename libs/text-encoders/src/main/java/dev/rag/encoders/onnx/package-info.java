/**
 * A minimal ONNX writer: the project's own protobuf encoding of the few ONNX messages a
 * feed-forward graph needs, plus a random-weight BERT cross-encoder built from standard opset-17
 * operators. It exists so cross-encoder inference can be verified against an independent
 * implementation, and benchmarked at real model shapes, without downloading any model.
 */
package dev.rag.encoders.onnx;
