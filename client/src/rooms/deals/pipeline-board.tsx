import { useState, type DragEvent } from 'react';
import { Link } from '../../app/router';
import {
  dealMoves,
  DEAL_STAGES,
  formatMoney,
  label,
  type DealStage,
  type Relation,
} from '../leads/lead-rules';
import type { Deal, Pipeline } from '../leads/leads-types';

const DRAG_TYPE = 'application/x-pws-deal';

/**
 * Deals by stage. A card is dragged to another column, or moved with its "Stage" select from the
 * keyboard; only the moves the user's relation allows are offered or accepted as drop targets.
 */
export function PipelineBoard({
  deals,
  pipeline,
  relation,
  dealHref,
  onMove,
}: {
  deals: Deal[];
  pipeline: Pipeline | undefined;
  relation: Relation;
  dealHref: (deal: Deal) => string;
  onMove: (deal: Deal, to: DealStage) => void;
}) {
  const [dragging, setDragging] = useState<Deal | null>(null);
  const [over, setOver] = useState<DealStage | null>(null);

  const accepts = (stage: DealStage) =>
    dragging !== null && dealMoves(relation, dragging.stage).includes(stage);

  const onDrop = (event: DragEvent, stage: DealStage) => {
    event.preventDefault();
    setOver(null);
    const id = event.dataTransfer.getData(DRAG_TYPE);
    const deal = deals.find((d) => d.id === id) ?? dragging;
    setDragging(null);
    if (deal && dealMoves(relation, deal.stage).includes(stage)) onMove(deal, stage);
  };

  return (
    <div className="board" aria-label="Pipeline">
      {DEAL_STAGES.map((stage) => {
        const column = deals.filter((d) => d.stage === stage);
        const totals = pipeline?.stages.find((s) => s.stage === stage);
        return (
          <section
            key={stage}
            className={`board-column ${over === stage && accepts(stage) ? 'drop-target' : ''}`}
            aria-labelledby={`stage-${stage}`}
            data-stage={stage}
            onDragOver={(event) => {
              if (!accepts(stage)) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              setOver(stage);
            }}
            onDragLeave={() => setOver((s) => (s === stage ? null : s))}
            onDrop={(event) => onDrop(event, stage)}
          >
            <h3 id={`stage-${stage}`}>
              {label(stage)} <span className="muted">({column.length})</span>
            </h3>
            {totals && <p className="muted column-total">{formatMoney(totals.value)}</p>}
            <ul aria-label={`${label(stage)} deals`}>
              {column.map((deal) => {
                const moves = dealMoves(relation, deal.stage);
                return (
                  <li
                    key={deal.id}
                    className="deal-card"
                    draggable={moves.length > 0}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(DRAG_TYPE, deal.id);
                      event.dataTransfer.effectAllowed = 'move';
                      setDragging(deal);
                    }}
                    onDragEnd={() => {
                      setDragging(null);
                      setOver(null);
                    }}
                  >
                    <Link href={dealHref(deal)} className="deal-name">
                      {deal.name}
                    </Link>
                    <span className="muted">{deal.customerName}</span>
                    <span className="deal-value">{formatMoney(deal.value)}</span>
                    {moves.length > 0 && (
                      <label className="move-select">
                        <span className="visually-hidden">Move {deal.name} to stage</span>
                        <select
                          value={deal.stage}
                          onChange={(event) => onMove(deal, event.target.value as DealStage)}
                        >
                          <option value={deal.stage}>{label(deal.stage)}</option>
                          {moves.map((to) => (
                            <option key={to} value={to}>
                              Move to {label(to)}
                            </option>
                          ))}
                        </select>
                      </label>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
