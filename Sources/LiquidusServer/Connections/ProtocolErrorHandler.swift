import HTTPTypes
import NIOCore
import NIOHTTP1

/// Answers a request that cannot be parsed before any request reached Hummingbird (a garbage
/// request line, invalid characters, `Content-Length` together with `Transfer-Encoding`, an
/// oversized header): `431` for a header or request line beyond the limit, `400` otherwise, with
/// the service's JSON error body, then closes the connection.
///
/// It sits after the HTTP decoder and the upgrade handler; without it such an error reached the
/// end of the pipeline unanswered and the connection stayed open. Once a request has been handed
/// on, Hummingbird's own handler answers later parse errors on the connection (400).
final class ProtocolErrorHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any
    typealias InboundOut = Any

    private var hasSeenRequest = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        hasSeenRequest = true
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !hasSeenRequest, let parseError = error as? HTTPParserError,
            let guardHandler = try? context.pipeline.syncOperations.handler(type: ConnectionGuardHandler.self)
        else {
            context.fireErrorCaught(error)
            return
        }
        if parseError == .headerOverflow {
            guardHandler.refuse(APIError(.requestHeaderFieldsTooLarge, code: "headerTooLarge", "the request line or a header field is too long"))
        } else {
            guardHandler.refuse(APIError(.badRequest, code: "malformedRequest", "the request is not valid HTTP/1.1 (\(parseError))"))
        }
    }
}

@available(*, unavailable)
extension ProtocolErrorHandler: Sendable {}
