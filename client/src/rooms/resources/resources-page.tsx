import type { Room } from '../../api/types';
import FileRoomPage from '../files/file-room-page';
import { LearningTracks } from './learning-tracks';

/** The resources room: the vendor's files by category, plus learning tracks with completion ticks. */
export default function ResourcesPage({ room, companyId }: { room: Room; companyId: string }) {
  return (
    <FileRoomPage room={room} companyId={companyId}>
      <LearningTracks room={room} companyId={companyId} />
    </FileRoomPage>
  );
}
