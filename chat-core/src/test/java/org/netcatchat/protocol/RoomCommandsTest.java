package org.netcatchat.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Protocol version 2's commands: rooms and private messages, and the lobby's own spellings, which are the
 * version-1 commands. Each row is fed whole, one byte at a time and in random chunks, as in {@link FrameParserTest}.
 */
class RoomCommandsTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                                        | frames
            join#dev<LF>                                   | Join(#dev)
            join #dev<LF>                                  | Join(#dev)
            join#Dev<LF>                                   | Join(#dev)
            join#ＤＥＶ<LF>                                 | Join(#dev)
            join#straße<LF>                                | Join(#strasse)
            join#a.b_c-9<LF>                               | Join(#a.b_c-9)
            join#lobby<LF>                                 | Join(#lobby)
            join#LOBBY<LF>                                 | Join(#lobby)
            part#dev<LF>                                   | Part(#dev)
            part #Dev<LF>                                  | Part(#dev)
            tell#dev deploy at five<LF>                    | TellRoom(#dev,deploy at five)
            tell #dev deploy<LF>                           | TellRoom(#dev,deploy)
            tell#dev  two spaces kept<LF>                  | TellRoom(#dev, two spaces kept)
            tell#lobby hello<LF>                           | Text(hello)
            tell bob hi<LF>                                | TellPerson(bob,hi)
            tellbob hi<LF>                                 | TellPerson(bob,hi)
            tell Bob hi there <LF>                         | TellPerson(Bob,hi there )
            tell ａｌｉｃｅ hi<LF>                            | TellPerson(alice,hi)
            tell#dev a<ESC>[31mb<LF>                       | TellRoom(#dev,a�[31mb)
            room<LF>                                       | Rooms
            room<SP><LF>                                   | Rooms
            list#dev<LF>                                   | RoomList(#dev)
            list #dev<LF>                                  | RoomList(#dev)
            list#lobby<LF>                                 | List
            hist#dev<LF>                                   | RoomHist(#dev,all)
            hist #dev 50<LF>                               | RoomHist(#dev,50)
            hist#dev 1<LF>                                 | RoomHist(#dev,1)
            hist#dev<SP><LF>                               | RoomHist(#dev,all)
            hist#lobby<LF>                                 | Hist(all)
            hist#lobby 3<LF>                               | Hist(3)
            name alice<LF>join#dev<LF>tell#dev hi<LF>part#dev<LF> | Name(alice), Join(#dev), TellRoom(#dev,hi), Part(#dev)
            """)
    void roomsAndPrivateMessagesParse(String input, String frames) {
        FrameParserTest.assertFramesHoweverSplit(Wire.DEFAULT_MAX_LINE_BYTES, input, frames);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                                        | frames
            join<LF>                                       | INVALID_ROOM
            join dev<LF>                                   | INVALID_ROOM
            join#<LF>                                      | INVALID_ROOM
            join##dev<LF>                                  | INVALID_ROOM
            join#dev ops<LF>                               | INVALID_ROOM
            join#de v<LF>                                  | INVALID_ROOM
            join#dev[1]<LF>                                | INVALID_ROOM
            join#🙂<LF>                                     | INVALID_ROOM
            join#<x*33><LF>                                | INVALID_ROOM
            join#<ß*17><LF>                                | INVALID_ROOM
            join#dev<ESC>[31m<LF>                          | INVALID_ROOM
            join#dev<NUL><LF>                              | INVALID_ROOM
            part<LF>                                       | INVALID_ROOM
            part#lobby<LF>                                 | BAD_ARGUMENT
            part#Lobby<LF>                                 | BAD_ARGUMENT
            tell<LF>                                       | BAD_ARGUMENT
            tell<SP><LF>                                   | BAD_ARGUMENT
            tell#dev<LF>                                   | EMPTY_MESSAGE
            tell#dev<SP><LF>                               | EMPTY_MESSAGE
            tell#dev <TAB> <LF>                            | EMPTY_MESSAGE
            tell bob<LF>                                   | EMPTY_MESSAGE
            tell bob <LF>                                  | EMPTY_MESSAGE
            tell#lobby<LF>                                 | EMPTY_MESSAGE
            tell# hi<LF>                                   | INVALID_ROOM
            tell#d!ev hi<LF>                               | INVALID_ROOM
            tell b!ob hi<LF>                               | INVALID_NAME
            tell [bob] hi<LF>                              | INVALID_NAME
            tell bob>carol hi<LF>                          | INVALID_NAME
            room now<LF>                                   | BAD_ARGUMENT
            roomy<LF>                                      | BAD_ARGUMENT
            list dev<LF>                                   | BAD_ARGUMENT
            list#<LF>                                      | INVALID_ROOM
            list#dev x<LF>                                 | INVALID_ROOM
            hist#dev 0<LF>                                 | BAD_ARGUMENT
            hist#dev five<LF>                              | BAD_ARGUMENT
            hist#dev 5 6<LF>                               | BAD_ARGUMENT
            hist#<LF>                                      | INVALID_ROOM
            JOIN#dev<LF>                                   | UNKNOWN_COMMAND
            Tell bob hi<LF>                                | UNKNOWN_COMMAND
            """)
    void roomMistakesAreMalformedFrames(String input, String frames) {
        FrameParserTest.assertFramesHoweverSplit(Wire.DEFAULT_MAX_LINE_BYTES, input, frames);
    }

    @ParameterizedTest(name = "[{index}] max {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # max  | input                                    | frames
            16     | tell#dev <a*7><LF>                       | TellRoom(#dev,<a*7>)
            16     | tell#dev <a*8><LF>                       | LINE_TOO_LONG
            16     | tell bob <a*7><LF>                       | TellPerson(bob,<a*7>)
            16     | tell bob <a*8><LF>                       | LINE_TOO_LONG
            16     | tell#dev <NUL*3><LF>                     | LINE_TOO_LONG
            """)
    void aTellThatCleaningLengthensPastTheLimitIsRefused(int maxLineBytes, String input, String frames) {
        FrameParserTest.assertFramesHoweverSplit(maxLineBytes, input, frames);
    }
}
