package academy.pipeline.core.event;

import java.util.Map;

/**
 * Which file of which Zoom meeting a {@code zoom} recording is: what the recordings API needs to issue a fresh
 * download token or to move the file to the trash.
 *
 * @param meetingUuid the meeting instance's uuid, as Zoom sends it (may contain {@code /} and {@code =})
 * @param fileId      the recording file's id within that meeting
 */
public record ZoomFile(String meetingUuid, String fileId) {

    /** The attribute names under which events written before {@code origin.zoom} existed carry the two ids. */
    static final String MEETING_UUID_ATTRIBUTE = "meetingUuid";
    static final String FILE_ID_ATTRIBUTE = "fileId";

    /** From the attributes of an event written before {@code origin.zoom} existed; null when they lack the ids. */
    static ZoomFile fromAttributes(Map<String, String> attributes) {
        String meetingUuid = attributes.get(MEETING_UUID_ATTRIBUTE);
        String fileId = attributes.get(FILE_ID_ATTRIBUTE);
        return meetingUuid == null || fileId == null ? null : new ZoomFile(meetingUuid, fileId);
    }
}
